package io.brainseg.tune.storage;

import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * The databases storage tests run on: an H2 in-memory database, and a PostgreSQL server started
 * once per test JVM (see {@link PostgresServer}; skipped with a message when not installed).
 */
public final class Databases {

    private static PostgresServer postgres;
    private static Exception postgresFailure;
    private static int counter;

    private Databases() {}

    /**
     * Returns a fresh empty database of the kind named.
     *
     * @param kind {@code "h2"} or {@code "postgresql"}
     * @return its JDBC URL
     * @throws Exception if the server cannot start
     */
    public static synchronized String fresh(String kind) throws Exception {
        if ("h2".equals(kind)) {
            return "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=30000";
        }
        return postgres().createDatabase("study" + (++counter));
    }

    private static PostgresServer postgres() throws Exception {
        if (postgresFailure != null) {
            throw postgresFailure;
        }
        if (postgres == null) {
            try {
                postgres = PostgresServer.start();
            } catch (org.opentest4j.TestAbortedException e) {
                throw e;
            } catch (Exception e) {
                postgresFailure = e;
                throw e;
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (Exception e) {
                    System.err.println("stopping the test PostgreSQL failed: " + e);
                }
            }));
        }
        Assumptions.assumeTrue(postgres != null);
        return postgres;
    }
}
