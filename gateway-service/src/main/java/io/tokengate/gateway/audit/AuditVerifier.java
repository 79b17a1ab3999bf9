package io.tokengate.gateway.audit;

import java.util.Arrays;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Walks the sealed chain from the genesis and reports the first broken link: an edited row (its
 * hash no longer matches), a deleted row (its seal is left without it), a deleted seal (a gap in the
 * seal sequence) or a reordered one (a prev-hash mismatch). Rows sealed by the sealer are the
 * evidence; unsealed rows are reported as a count.
 */
@Component
public class AuditVerifier {

    private final JdbcTemplate jdbc;

    AuditVerifier(javax.sql.DataSource dataSource) {
        // A template of its own: streaming a long chain needs a fetch size the shared one must not get.
        this.jdbc = new JdbcTemplate(dataSource);
        this.jdbc.setFetchSize(2_000);
    }

    /** The outcome of one walk. {@code brokenAtSeq} and {@code reason} are null when intact. */
    public record Result(boolean intact, long rowsVerified, Long brokenAtSeq, Long brokenAtId, String reason,
                         long unsealed) {
    }

    @Transactional(readOnly = true)
    public Result verify() {
        long[] verified = {0};
        byte[][] prev = {AuditHash.GENESIS};
        Result[] broken = {null};
        jdbc.query("SELECT s.event_id, s.seal_seq, s.prev_hash, s.hash, " + AuditHash.COLUMNS
                        + " FROM audit_seals s LEFT JOIN audit_events e ON e.id = s.event_id ORDER BY s.seal_seq",
                rs -> {
                    if (broken[0] != null) {
                        return;
                    }
                    long seq = rs.getLong("seal_seq");
                    long id = rs.getLong("event_id");
                    long expected = verified[0] + 1;
                    if (seq != expected) {
                        broken[0] = fail(verified[0], seq, id, "seal sequence jumps from " + verified[0] + " to "
                                + seq + ": a seal was deleted");
                        return;
                    }
                    if (rs.getObject("id") == null) {
                        broken[0] = fail(verified[0], seq, id, "the sealed row is missing: it was deleted");
                        return;
                    }
                    if (!Arrays.equals(rs.getBytes("prev_hash"), prev[0])) {
                        broken[0] = fail(verified[0], seq, id, "previous-hash link does not match the row before it");
                        return;
                    }
                    byte[] recomputed = AuditHash.compute(prev[0], seq, rs);
                    if (!Arrays.equals(recomputed, rs.getBytes("hash"))) {
                        broken[0] = fail(verified[0], seq, id, "row content does not match its hash: the row was edited");
                        return;
                    }
                    prev[0] = recomputed;
                    verified[0]++;
                });
        long unsealed = jdbc.queryForObject("""
                SELECT count(*) FROM audit_events e
                WHERE NOT EXISTS (SELECT 1 FROM audit_seals s WHERE s.event_id = e.id)""", Long.class);
        if (broken[0] != null) {
            return new Result(false, broken[0].rowsVerified(), broken[0].brokenAtSeq(), broken[0].brokenAtId(),
                    broken[0].reason(), unsealed);
        }
        return new Result(true, verified[0], null, null, null, unsealed);
    }

    private static Result fail(long verified, long seq, long id, String reason) {
        return new Result(false, verified, seq, id, reason, 0);
    }
}
