package io.tokengate.gateway.rotation;

import java.sql.PreparedStatement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Set-based writes for the re-wrap: a whole batch in one {@code UPDATE ... FROM unnest(keys, blobs)}
 * statement, so the database parses, plans and round-trips once per batch instead of once per row.
 */
final class SetUpdates {

    private SetUpdates() {
    }

    /**
     * Runs {@code sql}, whose parameters are the target KEK version when {@code version} is not
     * null, then a key array of {@code keyType} and a {@code bytea} array, in that order.
     */
    static int write(JdbcTemplate jdbc, String sql, Integer version, String keyType, Object[] keys,
                     List<byte[]> blobs) {
        return jdbc.update(con -> {
            PreparedStatement ps = con.prepareStatement(sql);
            int i = 1;
            if (version != null) {
                ps.setInt(i++, version);
            }
            ps.setArray(i++, con.createArrayOf(keyType, keys));
            ps.setArray(i, con.createArrayOf("bytea", blobs.toArray(new byte[0][])));
            return ps;
        });
    }

    /** Reads {@code (version, count)} rows into a map. */
    static Map<Integer, Long> countsByVersion(JdbcTemplate jdbc, String sql) {
        Map<Integer, Long> counts = new HashMap<>();
        jdbc.query(sql, rs -> {
            counts.put(rs.getInt(1), rs.getLong(2));
        });
        return counts;
    }
}
