package io.tokengate.gateway.audit;

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
            List<Object[]> updates = new ArrayList<>();
            long[] next = {seq};
            byte[][] chain = {prev};
            jdbc.query("SELECT " + AuditHash.COLUMNS + " FROM audit_events WHERE seal_seq IS NULL ORDER BY id LIMIT "
                    + BATCH, rs -> {
                next[0]++;
                byte[] hash = AuditHash.compute(chain[0], next[0], rs);
                updates.add(new Object[] {next[0], chain[0], hash, rs.getLong("id")});
                chain[0] = hash;
            });
            if (!updates.isEmpty()) {
                jdbc.batchUpdate("UPDATE audit_events SET seal_seq = ?, prev_hash = ?, hash = ? WHERE id = ?", updates);
            }
            return updates.size();
        });
        return sealed == null ? 0 : sealed;
    }

    private record Head(byte[] hash, long sealSeq) {
    }
}
