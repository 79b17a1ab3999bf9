package io.tokengate.gateway.audit;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Chains committed, unsealed audit rows, the way a transparency log seals batches. One runner at a
 * time across all instances (a transaction-scoped advisory lock); rows are sealed in the order the
 * sealer sees them committed, so a row that commits late is sealed late, never skipped.
 */
@Component
public class AuditSealer {

    private static final Logger log = LoggerFactory.getLogger(AuditSealer.class);
    private static final long LOCK_KEY = 0x746f6b5f61756469L; // "tok_audi"
    private static final int BATCH = 5_000;
    /** The whole batch in one statement: one execution, one plan, instead of one per row. */
    private static final String SEAL = """
            UPDATE audit_events a SET seal_seq = u.seq, prev_hash = u.prev, hash = u.hash
            FROM unnest(?::bigint[], ?::bigint[], ?::bytea[], ?::bytea[]) AS u(id, seq, prev, hash)
            WHERE a.id = u.id""";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    AuditSealer(JdbcTemplate jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    @Scheduled(fixedDelayString = "${tokengate.audit.seal-interval:1s}")
    void scheduled() {
        try {
            sealAll();
        } catch (RuntimeException e) {
            log.warn("audit sealing failed, will retry: {}", e.toString());
        }
    }

    /** Seals until nothing committed is left unsealed; returns how many rows were sealed. */
    public int sealAll() {
        int total = 0;
        int sealed;
        do {
            sealed = sealBatch();
            total += sealed;
        } while (sealed == BATCH);
        return total;
    }

    private int sealBatch() {
        Integer sealed = tx.execute(status -> {
            Boolean locked = jdbc.queryForObject("SELECT pg_try_advisory_xact_lock(?)", Boolean.class, LOCK_KEY);
            if (!Boolean.TRUE.equals(locked)) {
                return 0;
            }
            Head head = jdbc.query(
                    "SELECT hash, seal_seq FROM audit_events WHERE seal_seq IS NOT NULL ORDER BY seal_seq DESC LIMIT 1",
                    (rs, i) -> new Head(rs.getBytes(1), rs.getLong(2))).stream().findFirst()
                    .orElse(new Head(AuditHash.GENESIS, 0));
            byte[] prev = head.hash();
            long seq = head.sealSeq();
            Seals seals = new Seals();
            long[] next = {seq};
            byte[][] chain = {prev};
            jdbc.query("SELECT " + AuditHash.COLUMNS + " FROM audit_events WHERE seal_seq IS NULL ORDER BY id LIMIT "
                    + BATCH, rs -> {
                next[0]++;
                byte[] hash = AuditHash.compute(chain[0], next[0], rs);
                seals.add(rs.getLong("id"), next[0], chain[0], hash);
                chain[0] = hash;
            });
            if (!seals.isEmpty()) {
                jdbc.update(SEAL, ps -> {
                    Connection con = ps.getConnection();
                    ps.setArray(1, con.createArrayOf("bigint", seals.ids.toArray(Long[]::new)));
                    ps.setArray(2, con.createArrayOf("bigint", seals.seqs.toArray(Long[]::new)));
                    ps.setArray(3, con.createArrayOf("bytea", seals.prevs.toArray(byte[][]::new)));
                    ps.setArray(4, con.createArrayOf("bytea", seals.hashes.toArray(byte[][]::new)));
                });
            }
            return seals.ids.size();
        });
        return sealed == null ? 0 : sealed;
    }

    private record Head(byte[] hash, long sealSeq) {
    }

    /** One batch's seals, column by column, bound as four arrays of one UPDATE. */
    private static final class Seals {
        final List<Long> ids = new ArrayList<>();
        final List<Long> seqs = new ArrayList<>();
        final List<byte[]> prevs = new ArrayList<>();
        final List<byte[]> hashes = new ArrayList<>();

        void add(long id, long seq, byte[] prev, byte[] hash) {
            ids.add(id);
            seqs.add(seq);
            prevs.add(prev);
            hashes.add(hash);
        }

        boolean isEmpty() {
            return ids.isEmpty();
        }
    }
}
