package io.brainseg.tune.storage;

import io.brainseg.tune.FrozenTrial;
import io.brainseg.tune.TrialState;
import io.brainseg.tune.space.Distribution;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads trials (with parameters, intermediate values and attributes) into {@link FrozenTrial}s.
 * The statements must run on one snapshot (see {@code JdbcStorage.snapshot}) or under the study
 * lock, so every row of a side table belongs to a trial of the first statement.
 */
final class TrialReader {

    private TrialReader() {}

    /** A trial while its rows are collected. */
    private static final class Rows {
        long id;
        int number;
        TrialState state;
        Double value;
        Instant start;
        Instant complete;
        final Map<String, Double> params = new LinkedHashMap<>();
        final Map<String, Distribution> dists = new LinkedHashMap<>();
        final TreeMap<Integer, Double> steps = new TreeMap<>();
        final Map<String, String> user = new HashMap<>();
        final Map<String, String> system = new HashMap<>();

        FrozenTrial freeze() {
            return new FrozenTrial(id, number, state, value, params, dists, steps, user, system, start, complete);
        }
    }

    static List<FrozenTrial> readStudy(Connection c, long studyId) throws SQLException {
        return read(c, "t.study_id = ?", studyId);
    }

    static FrozenTrial readTrial(Connection c, long trialId) throws SQLException {
        List<FrozenTrial> t = read(c, "t.trial_id = ?", trialId);
        if (t.isEmpty()) {
            throw new SQLException("no trial with id " + trialId);
        }
        return t.get(0);
    }

    private static List<FrozenTrial> read(Connection c, String where, long id) throws SQLException {
        Map<Long, Rows> byId = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT t.trial_id, t.number, t.state, t.trial_value, "
                + "t.datetime_start, t.datetime_complete FROM trials t WHERE " + where + " ORDER BY t.number")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Rows r = new Rows();
                    r.id = rs.getLong(1);
                    r.number = rs.getInt(2);
                    r.state = TrialState.valueOf(rs.getString(3));
                    double v = rs.getDouble(4);
                    r.value = rs.wasNull() ? null : v;
                    r.start = instant(rs.getTimestamp(5));
                    r.complete = instant(rs.getTimestamp(6));
                    byId.put(r.id, r);
                }
            }
        }
        String join = " x JOIN trials t ON t.trial_id = x.trial_id WHERE " + where;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT x.trial_id, x.param_name, x.param_value, " + "x.distribution_json FROM trial_params" + join)) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Rows r = rows(byId, rs.getLong(1));
                    r.params.put(rs.getString(2), rs.getDouble(3));
                    r.dists.put(rs.getString(2), JdbcStorage.parseDistribution(rs.getString(4)));
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT x.trial_id, x.step, x.intermediate_value, x.value_type "
                + "FROM trial_intermediate_values" + join)) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows(byId, rs.getLong(1)).steps.put(rs.getInt(2), Sql.value(rs.getDouble(3), rs.getString(4)));
                }
            }
        }
        for (String table : new String[] {"trial_user_attributes", "trial_system_attributes"}) {
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT x.trial_id, x.attr_key, x.value_json FROM " + table + join)) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Rows r = rows(byId, rs.getLong(1));
                        (table.startsWith("trial_user") ? r.user : r.system).put(rs.getString(2), rs.getString(3));
                    }
                }
            }
        }
        List<FrozenTrial> out = new ArrayList<>();
        for (Rows r : byId.values()) {
            out.add(r.freeze());
        }
        return out;
    }

    private static Rows rows(Map<Long, Rows> byId, long trialId) throws SQLException {
        Rows r = byId.get(trialId);
        if (r == null) {
            throw new SQLException("trial id " + trialId + " has rows but was not in the trials read before them "
                    + "(the reads did not share a snapshot)");
        }
        return r;
    }

    private static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }
}
