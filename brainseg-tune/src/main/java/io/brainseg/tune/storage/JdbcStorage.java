package io.brainseg.tune.storage;

import com.google.gson.JsonParser;
import io.brainseg.tune.FrozenTrial;
import io.brainseg.tune.Storage;
import io.brainseg.tune.StudyDirection;
import io.brainseg.tune.TrialState;
import io.brainseg.tune.space.Distribution;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Storage} on one JDBC connection. Every method is one transaction; methods are
 * synchronised because a study's heartbeat thread shares the connection with its worker.
 *
 * <p>Several processes may share a database safely: a new trial's number is taken while holding
 * the study's row lock ({@code SELECT … FOR UPDATE}), so numbers are unique and gap-free, and the
 * {@code UNIQUE (study_id, number)} constraint backs that up. Waiting trials are taken, and stale
 * trials failed and re-queued, under the same lock, so no trial is lost or run twice. Timestamps
 * come from the database ({@code LOCALTIMESTAMP}), so heartbeats compare across machines whose
 * clocks differ.
 */
public final class JdbcStorage implements Storage {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcStorage.class);

    /** Where the versioned migration scripts live on the class path. */
    public static final String MIGRATIONS = "classpath:io/brainseg/tune/db";

    /** The Flyway history table (named so it cannot clash with an application's own). */
    public static final String HISTORY_TABLE = "brainseg_tune_schema_history";

    private static final int MAX_RETRIES = 5;

    /**
     * Serialises schema migrations within this JVM. Flyway takes a database lock while migrating on
     * PostgreSQL but not on H2, where workers opening one in-memory study at once could each start
     * version 1 and leave it marked failed ("contains a failed migration to version 1").
     */
    private static final Object MIGRATION_LOCK = new Object();

    private final Connection conn;
    private final String url;

    private JdbcStorage(String url, String user, String password) {
        this.url = url;
        migrate(url, user, password);
        try {
            this.conn = DriverManager.getConnection(url, user, password);
            conn.setAutoCommit(false);
            conn.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        } catch (SQLException e) {
            throw new StorageException("cannot connect to study storage " + url + ": " + e.getMessage(), e);
        }
    }

    /**
     * Opens (and creates or migrates the schema of) a database.
     *
     * @param url a JDBC URL, e.g. {@code jdbc:postgresql://host/db?user=u&password=p} or
     *     {@code jdbc:h2:file:/path/study}
     * @return the storage
     * @throws StorageException if the database cannot be reached or migrated
     */
    public static JdbcStorage open(String url) {
        return open(url, null, null);
    }

    /**
     * Opens a database with credentials.
     *
     * @param url the JDBC URL
     * @param user the user, or null if in the URL
     * @param password the password, or null
     * @return the storage
     */
    public static JdbcStorage open(String url, String user, String password) {
        if (url == null || !url.startsWith("jdbc:")) {
            throw new IllegalArgumentException("storage URL must be a JDBC URL (jdbc:...), got '" + url + "'");
        }
        return new JdbcStorage(url, user, password);
    }

    /**
     * The embedded default: an H2 file database {@code study.mv.db} in the directory, for one
     * process.
     *
     * @param directory the study directory
     * @return the JDBC URL
     */
    public static String h2Url(Path directory) {
        return "jdbc:h2:file:" + directory.toAbsolutePath().resolve("study") + ";LOCK_TIMEOUT=30000";
    }

    /**
     * The same H2 file opened in auto-server mode, so several processes on this machine can share
     * it: the first one serves it over TCP to the others. Set the system property
     * {@code h2.bindAddress} to {@code 127.0.0.1} in every process so that server listens on the
     * loopback interface only. Every process must open the study with this same URL.
     *
     * @param directory the study directory
     * @return the JDBC URL
     */
    public static String h2SharedUrl(Path directory) {
        return h2Url(directory) + ";AUTO_SERVER=TRUE";
    }

    private static void migrate(String url, String user, String password) {
        synchronized (MIGRATION_LOCK) {
            migrateNow(url, user, password);
        }
    }

    private static void migrateNow(String url, String user, String password) {
        try {
            Flyway.configure()
                    .dataSource(url, user, password)
                    .locations(MIGRATIONS)
                    .table(HISTORY_TABLE)
                    .loggers("slf4j")
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            throw new StorageException(
                    "cannot create or migrate the study schema in " + url + ": " + e.getMessage(), e);
        }
    }

    /** One unit of work inside a transaction. */
    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private synchronized <T> T tx(String what, Work<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                T result = work.run(conn);
                conn.commit();
                return result;
            } catch (SQLException e) {
                rollbackQuietly();
                String state = e.getSQLState();
                boolean transient_ = "40001".equals(state) || "40P01".equals(state) || "HYT00".equals(state);
                if (!transient_ || attempt >= MAX_RETRIES) {
                    throw new StorageException(what + " failed in " + url + ": " + e.getMessage(), e);
                }
                LOG.debug("{}: transient {} (attempt {}), retrying", what, state, attempt);
            }
        }
    }

    /**
     * Runs a read of several statements on one snapshot. At READ COMMITTED each statement sees the
     * database as of its own start, so a trial another worker inserts between the read of
     * {@code trials} and that of its attributes would turn up as attributes of an unknown trial (and
     * a trial could be read RUNNING with the attributes of its failure). REPEATABLE READ gives the
     * whole transaction the snapshot of its first statement; a read-only transaction at that level
     * never fails to serialise on PostgreSQL.
     */
    private synchronized <T> T snapshot(String what, Work<T> work) {
        try {
            conn.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        } catch (SQLException e) {
            throw new StorageException(what + ": cannot open a snapshot in " + url + ": " + e.getMessage(), e);
        }
        try {
            return tx(what, work);
        } finally {
            try {
                conn.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            } catch (SQLException e) {
                LOG.warn("{}: cannot return {} to READ COMMITTED: {}", what, url, e.getMessage());
            }
        }
    }

    private void rollbackQuietly() {
        try {
            conn.rollback();
        } catch (SQLException e) {
            LOG.warn("rollback failed on {}: {}", url, e.getMessage());
        }
    }

    @Override
    public long getOrCreateStudy(String name, StudyDirection direction) {
        return tx("create study " + name, c -> {
            Long id = findStudy(c, name, direction);
            if (id != null) {
                return id;
            }
            try (PreparedStatement ps =
                    c.prepareStatement("INSERT INTO studies (study_name, direction) VALUES (?, ?)")) {
                ps.setString(1, name);
                ps.setString(2, direction.name());
                ps.executeUpdate();
            } catch (SQLException e) {
                // Another worker created it at the same moment: read theirs.
                c.rollback();
            }
            id = findStudy(c, name, direction);
            if (id == null) {
                throw new SQLException("study " + name + " could not be created");
            }
            return id;
        });
    }

    private static Long findStudy(Connection c, String name, StudyDirection direction) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT study_id, direction FROM studies WHERE study_name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                if (!rs.getString(2).equals(direction.name())) {
                    throw new IllegalArgumentException(
                            "study '" + name + "' exists with direction " + rs.getString(2) + ", not " + direction);
                }
                return rs.getLong(1);
            }
        }
    }

    @Override
    public List<String> getStudyNames() {
        return tx("list studies", c -> {
            List<String> names = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT study_name FROM studies ORDER BY study_id");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            return names;
        });
    }

    private static void lockStudy(Connection c, long studyId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT study_id FROM studies WHERE study_id = ? FOR UPDATE")) {
            ps.setLong(1, studyId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("no study with id " + studyId);
                }
            }
        }
    }

    @Override
    public FrozenTrial startTrial(long studyId) {
        long id = tx("start trial", c -> {
            lockStudy(c, studyId);
            Long waiting = null;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT trial_id FROM trials WHERE study_id = ? AND state = 'WAITING' ORDER BY number LIMIT 1")) {
                ps.setLong(1, studyId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        waiting = rs.getLong(1);
                    }
                }
            }
            long trialId;
            if (waiting != null) {
                trialId = waiting;
                Sql.update(
                        c,
                        "UPDATE trials SET state = 'RUNNING', datetime_start = LOCALTIMESTAMP WHERE trial_id = ?",
                        trialId);
            } else {
                trialId = insertTrial(c, studyId, TrialState.RUNNING);
            }
            Sql.update(c, "INSERT INTO trial_heartbeats (trial_id, heartbeat) VALUES (?, LOCALTIMESTAMP)", trialId);
            return trialId;
        });
        return getTrial(id);
    }

    private static long insertTrial(Connection c, long studyId, TrialState state) throws SQLException {
        int number;
        try (PreparedStatement ps =
                c.prepareStatement("SELECT COALESCE(MAX(number) + 1, 0) FROM trials WHERE study_id = ?")) {
            ps.setLong(1, studyId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                number = rs.getInt(1);
            }
        }
        String start = state == TrialState.RUNNING ? "LOCALTIMESTAMP" : "NULL";
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO trials (study_id, number, state, datetime_start) VALUES (?, ?, ?, " + start + ")")) {
            ps.setLong(1, studyId);
            ps.setInt(2, number);
            ps.setString(3, state.name());
            ps.executeUpdate();
        }
        try (PreparedStatement ps =
                c.prepareStatement("SELECT trial_id FROM trials WHERE study_id = ? AND number = ?")) {
            ps.setLong(1, studyId);
            ps.setInt(2, number);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Override
    public void enqueueTrial(
            long studyId,
            Map<String, Double> params,
            Map<String, Distribution> distributions,
            Map<String, String> systemAttrs) {
        tx("enqueue trial", c -> {
            lockStudy(c, studyId);
            enqueue(c, studyId, params, distributions, systemAttrs);
            return null;
        });
    }

    private static void enqueue(
            Connection c,
            long studyId,
            Map<String, Double> params,
            Map<String, Distribution> distributions,
            Map<String, String> systemAttrs)
            throws SQLException {
        long trialId = insertTrial(c, studyId, TrialState.WAITING);
        for (Map.Entry<String, Double> p : params.entrySet()) {
            insertParam(c, trialId, p.getKey(), p.getValue(), distributions.get(p.getKey()));
        }
        for (Map.Entry<String, String> a : systemAttrs.entrySet()) {
            Sql.putAttr(c, "trial_system_attributes", trialId, a.getKey(), a.getValue());
        }
    }

    private static void insertParam(Connection c, long trialId, String name, double value, Distribution d)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO trial_params (trial_id, param_name, param_value, distribution_json) VALUES (?, ?, ?, ?)")) {
            ps.setLong(1, trialId);
            ps.setString(2, name);
            ps.setDouble(3, value);
            ps.setString(4, d.toJson().toString());
            ps.executeUpdate();
        }
    }

    @Override
    public void setParam(long trialId, String name, double internal, Distribution distribution) {
        tx("set parameter " + name, c -> {
            Sql.update(c, "DELETE FROM trial_params WHERE trial_id = ? AND param_name = ?", trialId, name);
            insertParam(c, trialId, name, internal, distribution);
            return null;
        });
    }

    @Override
    public void reportIntermediate(long trialId, int step, double value) {
        tx("report step " + step, c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT 1 FROM trial_intermediate_values WHERE trial_id = ? AND step = ?")) {
                ps.setLong(1, trialId);
                ps.setInt(2, step);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        LOG.warn("trial id {}: step {} was already reported; the first value is kept", trialId, step);
                        return null;
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO trial_intermediate_values "
                    + "(trial_id, step, intermediate_value, value_type) VALUES (?, ?, ?, ?)")) {
                ps.setLong(1, trialId);
                ps.setInt(2, step);
                Sql.setValue(ps, 3, 4, value);
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public void setTrialUserAttr(long trialId, String key, String value) {
        tx("set user attribute " + key, c -> {
            Sql.putAttr(c, "trial_user_attributes", trialId, key, value);
            return null;
        });
    }

    @Override
    public void setTrialSystemAttr(long trialId, String key, String value) {
        tx("set system attribute " + key, c -> {
            Sql.putAttr(c, "trial_system_attributes", trialId, key, value);
            return null;
        });
    }

    @Override
    public boolean finishTrial(long trialId, TrialState state, Double value) {
        if (!state.isFinished()) {
            throw new IllegalArgumentException("finishTrial needs COMPLETE, PRUNED or FAIL, got " + state);
        }
        if (state == TrialState.COMPLETE && (value == null || value.isNaN())) {
            throw new IllegalArgumentException("a COMPLETE trial needs a value, got " + value);
        }
        return tx("finish trial", c -> {
            int n;
            try (PreparedStatement ps = c.prepareStatement("UPDATE trials SET state = ?, trial_value = ?, "
                    + "datetime_complete = LOCALTIMESTAMP WHERE trial_id = ? AND state = 'RUNNING'")) {
                ps.setString(1, state.name());
                if (value == null || !Double.isFinite(value)) {
                    ps.setNull(2, java.sql.Types.DOUBLE);
                } else {
                    ps.setDouble(2, value);
                }
                ps.setLong(3, trialId);
                n = ps.executeUpdate();
            }
            Sql.update(c, "DELETE FROM trial_heartbeats WHERE trial_id = ?", trialId);
            return n == 1;
        });
    }

    @Override
    public void recordHeartbeat(long trialId) {
        tx("heartbeat", c -> {
            Sql.update(c, "UPDATE trial_heartbeats SET heartbeat = LOCALTIMESTAMP WHERE trial_id = ?", trialId);
            return null;
        });
    }

    @Override
    public List<Integer> failStaleTrials(long studyId, Duration grace) {
        // A cheap look without the lock first: most calls find nothing stale.
        if (tx("look for stale trials", c -> staleTrials(c, studyId, grace)).isEmpty()) {
            return List.of();
        }
        return tx("fail stale trials", c -> {
            lockStudy(c, studyId);
            List<Integer> failed = new ArrayList<>();
            for (long[] stale : staleTrials(c, studyId, grace)) {
                long trialId = stale[0];
                int n = Sql.update(
                        c,
                        "UPDATE trials SET state = 'FAIL', datetime_complete = LOCALTIMESTAMP "
                                + "WHERE trial_id = ? AND state = 'RUNNING'",
                        trialId);
                if (n != 1) {
                    continue;
                }
                Sql.update(c, "DELETE FROM trial_heartbeats WHERE trial_id = ?", trialId);
                Sql.putAttr(
                        c,
                        "trial_system_attributes",
                        trialId,
                        "fail_reason",
                        "no heartbeat for more than " + grace.toMillis() + " ms (worker died?)");
                FrozenTrial t = TrialReader.readTrial(c, trialId);
                enqueue(
                        c,
                        studyId,
                        t.internalParams(),
                        t.distributions(),
                        Map.of("retried_from", Integer.toString(t.number())));
                failed.add((int) stale[1]);
            }
            return failed;
        });
    }

    private static List<long[]> staleTrials(Connection c, long studyId, Duration grace) throws SQLException {
        List<long[]> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT t.trial_id, t.number, h.heartbeat, LOCALTIMESTAMP "
                + "FROM trials t JOIN trial_heartbeats h ON h.trial_id = t.trial_id "
                + "WHERE t.study_id = ? AND t.state = 'RUNNING'")) {
            ps.setLong(1, studyId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Timestamp beat = rs.getTimestamp(3);
                    Timestamp now = rs.getTimestamp(4);
                    if (now.getTime() - beat.getTime() > grace.toMillis()) {
                        out.add(new long[] {rs.getLong(1), rs.getInt(2)});
                    }
                }
            }
        }
        return out;
    }

    @Override
    public List<FrozenTrial> getTrials(long studyId) {
        return snapshot("read trials", c -> TrialReader.readStudy(c, studyId));
    }

    @Override
    public FrozenTrial getTrial(long trialId) {
        return snapshot("read trial", c -> TrialReader.readTrial(c, trialId));
    }

    /**
     * Returns the schema version Flyway applied last.
     *
     * @return e.g. {@code "2"}
     */
    public String schemaVersion() {
        return tx("read schema version", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT MAX(CAST(\"version\" AS INTEGER)) FROM \""
                            + HISTORY_TABLE + "\" WHERE \"success\" = TRUE");
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                return Integer.toString(rs.getInt(1));
            }
        });
    }

    static Distribution parseDistribution(String json) {
        return Distribution.fromJson(JsonParser.parseString(json).getAsJsonObject());
    }

    @Override
    public synchronized void close() {
        try {
            conn.close();
        } catch (SQLException e) {
            LOG.warn("closing {} failed: {}", url, e.getMessage());
        }
    }
}
