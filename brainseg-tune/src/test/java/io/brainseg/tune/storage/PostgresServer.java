package io.brainseg.tune.storage;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A throwaway PostgreSQL server for tests: {@code initdb} of a fresh cluster in a temporary
 * directory, {@code postgres} listening on 127.0.0.1 at a free port with trust authentication, and
 * removal on {@link #close()}. Uses Debian's {@code postgresql} package binaries
 * ({@code /usr/lib/postgresql/VERSION/bin}); {@code .ci/run} installs that package. When running as
 * root (CI, this machine) the server runs as the {@code postgres} user through {@code runuser},
 * because initdb refuses root. When the binaries are missing the calling test is skipped with a
 * message saying so, unless the environment variable {@value #REQUIRE_ENV} is 1 (CI), which makes it an
 * error.
 */
final class PostgresServer implements AutoCloseable {

    /** Set to 1 (as .ci/run does) to make a missing PostgreSQL an error instead of a skip. */
    static final String REQUIRE_ENV = "BRAINSEG_REQUIRE_POSTGRES";

    private final Path dir;
    private final int port;
    private final Process process;
    private final Path bin;
    private final boolean root;

    private PostgresServer(Path dir, int port, Process process, Path bin, boolean root) {
        this.dir = dir;
        this.port = port;
        this.process = process;
        this.bin = bin;
        this.root = root;
    }

    /** Overrides where the server binaries are (a directory with initdb, postgres, pg_ctl). */
    static final String BIN_ENV = "BRAINSEG_POSTGRES_BIN";

    /** Finds the PostgreSQL bin directory ({@value #BIN_ENV}, else the newest Debian one), or null. */
    static Path binDirectory() {
        String override = System.getenv(BIN_ENV);
        if (override != null) {
            Path p = Path.of(override);
            return Files.isExecutable(p.resolve("initdb")) && Files.isExecutable(p.resolve("postgres")) ? p : null;
        }
        File[] versions = new File("/usr/lib/postgresql").listFiles();
        if (versions == null) {
            return null;
        }
        return Arrays.stream(versions)
                .map(f -> f.toPath().resolve("bin"))
                .filter(p -> Files.isExecutable(p.resolve("initdb")) && Files.isExecutable(p.resolve("postgres")))
                .max(Comparator.comparing(Path::toString))
                .orElse(null);
    }

    /**
     * Starts a server, or skips the calling test if PostgreSQL is not installed.
     *
     * @return the running server
     * @throws Exception if initdb or the server fails
     */
    static PostgresServer start() throws Exception {
        Path bin = binDirectory();
        String missing = "no initdb/postgres under /usr/lib/postgresql/*/bin or $" + BIN_ENV
                + " (install Debian's 'postgresql' package, as .ci/run does, to run them)";
        if (bin == null && "1".equals(System.getenv(REQUIRE_ENV))) {
            throw new IllegalStateException(REQUIRE_ENV + "=1 but " + missing);
        }
        Assumptions.assumeTrue(bin != null, "PostgreSQL tests skipped: " + missing);
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) {
            Assumptions.assumeTrue(
                    Files.isExecutable(Path.of("/usr/sbin/runuser")) || Files.isExecutable(Path.of("/sbin/runuser")),
                    "PostgreSQL tests skipped: running as root and 'runuser' is missing (needed to run initdb as postgres)");
        }
        Path dir = Files.createTempDirectory("brainseg-pg-");
        Path data = dir.resolve("data");
        if (root) {
            run(List.of("chown", "postgres", dir.toString()));
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        exec(
                root,
                List.of(
                        bin.resolve("initdb").toString(),
                        "-D",
                        data.toString(),
                        "-A",
                        "trust",
                        "-U",
                        "postgres",
                        "--no-sync",
                        "-E",
                        "UTF8"),
                dir.resolve("initdb.log"));
        ProcessBuilder pb = new ProcessBuilder(command(
                root,
                List.of(
                        bin.resolve("postgres").toString(),
                        "-D",
                        data.toString(),
                        "-p",
                        Integer.toString(port),
                        "-k",
                        dir.toString(),
                        "-c",
                        "listen_addresses=127.0.0.1",
                        "-c",
                        "fsync=off",
                        "-c",
                        "max_connections=50")));
        pb.redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile());
        Process p = pb.start();
        PostgresServer server = new PostgresServer(dir, port, p, bin, root);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try (Connection c = DriverManager.getConnection(server.url())) {
                if (c.isValid(5)) {
                    return server;
                }
            } catch (SQLException e) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    String log =
                            Files.exists(dir.resolve("server.log")) ? Files.readString(dir.resolve("server.log")) : "";
                    server.close();
                    throw new IOException(
                            "PostgreSQL did not start on port " + port + ": " + e.getMessage() + "\n" + log);
                }
                Thread.sleep(100);
            }
        }
    }

    private static List<String> command(boolean root, List<String> cmd) {
        if (!root) {
            return cmd;
        }
        List<String> out = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
        out.addAll(cmd);
        return out;
    }

    private static void exec(boolean root, List<String> cmd, Path log) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command(root, cmd))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(cmd + " failed: " + Files.readString(log));
        }
    }

    private static void run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IOException(cmd + " failed");
        }
    }

    /**
     * Creates an empty database.
     *
     * @param name the database name
     * @return its JDBC URL
     * @throws SQLException if creation fails
     */
    String createDatabase(String name) throws SQLException {
        try (Connection c = DriverManager.getConnection(url())) {
            c.createStatement().execute("CREATE DATABASE " + name);
        }
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + name + "?user=postgres";
    }

    String url() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
    }

    @Override
    public void close() throws IOException {
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping PostgreSQL", e);
        }
    }

    private void stop() throws IOException, InterruptedException {
        if (process.isAlive()) {
            // pg_ctl rather than a signal to runuser, which need not pass it on to the server.
            exec(
                    root,
                    List.of(
                            bin.resolve("pg_ctl").toString(),
                            "-D",
                            dir.resolve("data").toString(),
                            "stop",
                            "-m",
                            "immediate",
                            "-w"),
                    dir.resolve("stop.log"));
        }
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
