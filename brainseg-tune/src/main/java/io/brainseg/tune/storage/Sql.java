package io.brainseg.tune.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;

/** Small JDBC helpers shared by the storage classes. */
final class Sql {

    private Sql() {}

    /** Runs an update with long/int/string arguments; returns the row count. */
    static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            return ps.executeUpdate();
        }
    }

    /** Replaces an attribute (delete then insert, portable across H2 and PostgreSQL). */
    static void putAttr(Connection c, String table, long trialId, String key, String value) throws SQLException {
        update(c, "DELETE FROM " + table + " WHERE trial_id = ? AND attr_key = ?", trialId, key);
        update(c, "INSERT INTO " + table + " (trial_id, attr_key, value_json) VALUES (?, ?, ?)", trialId, key, value);
    }

    /** Writes a double as value + type (NULL and a type for NaN and infinities). */
    static void setValue(PreparedStatement ps, int valueIndex, int typeIndex, double v) throws SQLException {
        if (Double.isFinite(v)) {
            ps.setDouble(valueIndex, v);
            ps.setString(typeIndex, "FINITE");
        } else {
            ps.setNull(valueIndex, Types.DOUBLE);
            ps.setString(typeIndex, Double.isNaN(v) ? "NAN" : v > 0 ? "INF_POS" : "INF_NEG");
        }
    }

    /** Reads a double written by {@link #setValue}. */
    static double value(double stored, String type) {
        switch (type) {
            case "NAN":
                return Double.NaN;
            case "INF_POS":
                return Double.POSITIVE_INFINITY;
            case "INF_NEG":
                return Double.NEGATIVE_INFINITY;
            default:
                return stored;
        }
    }
}
