package io.tokengate.gateway.audit;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Chains committed audit rows, the way a transparency log seals batches: one seal per row in
 * {@code audit_seals} (its own seal sequence, the previous seal's hash, its hash), the audit row
 * itself never updated. One runner at a time across all instances (a transaction-scoped advisory
 * lock).
 *
 * <p>Rows are sealed in id order up to a horizon that no writer can still fall behind: the
 * sequence's last id, read first, then the transactions holding a writer's lock on
 * {@code audit_events}. An id is taken by the statement that inserts its row, after that statement
 * took the lock, and the lock is held to the transaction's end; so once those transactions have
 * ended, every id up to the horizon is committed or never will be. A row whose transaction is still
 * open when a pass begins is thus sealed late, by a later pass, never skipped; a pass that waits
 * longer than {@code tokengate.audit.seal-wait} for such a transaction seals nothing and the next
 * one tries again.
 */
@Component
public class AuditSealer {

    private static final Logger log = LoggerFactory.getLogger(AuditSealer.class);
    private static final long LOCK_KEY = 0x746f6b5f61756469L; // "tok_audi"
    private static final int BATCH = 5_000;
    private static final Duration POLL = Duration.ofMillis(2);
    private static final String LAST_ID =
            "SELECT coalesce(pg_sequence_last_value(pg_get_serial_sequence('audit_events', 'id')::regclass), 0)";
    /** Other transactions holding the lock an insert into audit_events takes (fast-path locks included). */
    private static final String WRITERS = """
            SELECT virtualtransaction FROM pg_locks
            WHERE locktype = 'relation' AND mode = 'RowExclusiveLock' AND relation = 'audit_events'::regclass
              AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
              AND pid IS DISTINCT FROM pg_backend_pid()""";
    private static final String WRITERS_LEFT = "SELECT count(*) FROM (" + WRITERS
            + ") w WHERE virtualtransaction = ANY (?)";
    private static final String UNSEALED = "SELECT " + AuditHash.COLUMNS + """
             FROM audit_events e
            WHERE e.id > ? AND e.id <= ? AND NOT EXISTS (SELECT 1 FROM audit_seals s WHERE s.event_id = e.id)
            ORDER BY e.id LIMIT""" + " " + BATCH;
    /** The whole batch in one statement: one execution, one plan, instead of one per row. */
    private static final String SEAL = """
            INSERT INTO audit_seals (event_id, seal_seq, prev_hash, hash)
            SELECT * FROM unnest(?::bigint[], ?::bigint[], ?::bytea[], ?::bytea[])""";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Duration maxWait;

    AuditSealer(JdbcTemplate jdbc, TransactionTemplate tx,
                @Value("${tokengate.audit.seal-wait:5s}") Duration maxWait) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.maxWait = maxWait;
    }

    @Scheduled(fixedDelayString = "${tokengate.audit.seal-interval:1s}")
    void scheduled() {
        try {
            sealAll();
        } catch (RuntimeException e) {
            log.warn("audit sealing failed, will retry: {}", e.toString());
        }
    }

    /** Seals every row committed before this call (see the class comment); returns how many rows it sealed. */
    public int sealAll() {
        return sealAll(maxWait);
    }

    int sealAll(Duration wait) {
        long horizon = jdbc.queryForObject(LAST_ID, Long.class);
        String[] writers = jdbc.queryForList(WRITERS, String.class).toArray(String[]::new);
        if (!awaitEnded(writers, wait)) {
            log.info("audit sealing waits for transactions still writing audit rows; the next pass seals them");
            return 0;
        }
        int total = 0;
        Batch batch;
        do {
            batch = sealBatch(horizon);
            total += batch.sealed();
        } while (batch.more());
        return total;
    }

    private boolean awaitEnded(String[] writers, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (writers.length > 0 && jdbc.queryForObject(WRITERS_LEFT, Long.class, (Object) writers) > 0) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** Seals the next rows up to the horizon, at most one batch, in one transaction. */
    private Batch sealBatch(long horizon) {
        Batch done = tx.execute(status -> {
            Boolean locked = jdbc.queryForObject("SELECT pg_try_advisory_xact_lock(?)", Boolean.class, LOCK_KEY);
            if (!Boolean.TRUE.equals(locked)) {
                return Batch.NONE; // another instance is sealing
            }
            long through = jdbc.queryForObject("SELECT sealed_through FROM audit_seal_progress", Long.class);
            if (through >= horizon) {
                return Batch.NONE;
            }
            Head head = jdbc.query("SELECT hash, seal_seq FROM audit_seals ORDER BY seal_seq DESC LIMIT 1",
                    (rs, i) -> new Head(rs.getBytes(1), rs.getLong(2))).stream().findFirst()
                    .orElse(new Head(AuditHash.GENESIS, 0));
            Seals seals = new Seals();
            long[] next = {head.sealSeq()};
            byte[][] chain = {head.hash()};
            jdbc.query(UNSEALED, rs -> {
                next[0]++;
                byte[] hash = AuditHash.compute(chain[0], next[0], rs);
                seals.add(rs.getLong("id"), next[0], chain[0], hash);
                chain[0] = hash;
            }, through, horizon);
            if (!seals.isEmpty()) {
                jdbc.update(SEAL, ps -> {
                    Connection con = ps.getConnection();
                    ps.setArray(1, con.createArrayOf("bigint", seals.ids.toArray(Long[]::new)));
                    ps.setArray(2, con.createArrayOf("bigint", seals.seqs.toArray(Long[]::new)));
                    ps.setArray(3, con.createArrayOf("bytea", seals.prevs.toArray(byte[][]::new)));
                    ps.setArray(4, con.createArrayOf("bytea", seals.hashes.toArray(byte[][]::new)));
                });
            }
            boolean more = seals.ids.size() == BATCH;
            long reached = more ? seals.ids.getLast() : horizon;
            jdbc.update("UPDATE audit_seal_progress SET sealed_through = ?", reached);
            return new Batch(seals.ids.size(), more);
        });
        return done == null ? Batch.NONE : done;
    }

    private record Head(byte[] hash, long sealSeq) {
    }

    private record Batch(int sealed, boolean more) {
        static final Batch NONE = new Batch(0, false);
    }

    /** One batch's seals, column by column, bound as four arrays of one INSERT. */
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
