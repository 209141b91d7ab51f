package io.brainseg.benchmarks;

/**
 * Entry point of {@code benchmarks.jar}: {@code java -jar benchmarks/target/benchmarks.jar [JMH options] [regexp]}.
 *
 * <p>Sets {@code ai.djl.offline=true} for the host JVM before DJL loads and hands over to JMH.
 * Forked JVMs get the same property from each benchmark's {@code @Fork(jvmArgsAppend = ...)}
 * ({@link BenchmarkDefaults#OFFLINE}).
 */
public final class BenchmarkMain {

    private BenchmarkMain() {}

    /**
     * Runs JMH.
     *
     * @param args JMH command-line arguments
     * @throws Exception if JMH fails
     */
    public static void main(String[] args) throws Exception {
        System.setProperty("ai.djl.offline", "true");
        org.openjdk.jmh.Main.main(args);
    }
}
