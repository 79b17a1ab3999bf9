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
 * open holds the chain back until it ends: it is sealed late, never skipped.
 */
@Component
public class AuditSealer {

    private static final Logger log = LoggerFactory.getLogger(AuditSealer.class);
    private static final long LOCK_KEY = 0x746f6b5f61756469L; // "tok_audi"
    private static final int BATCH = 5_000;
    private static final Duration POLL = Duration.ofMillis(2);
    private static final Duration PASS_WAIT = Duration.ofMillis(100);
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
    /** Scheduler thread only: the horizon of an earlier pass whose writers had not ended yet. */
    private Horizon pending;
    private long pendingSince;
    private boolean pendingLogged;

    AuditSealer(JdbcTemplate jdbc, TransactionTemplate tx,
                @Value("${tokengate.audit.seal-wait:5s}") Duration maxWait) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.maxWait = maxWait;
    }

    /**
     * One pass, which waits at most {@link #PASS_WAIT} for the writers: fixed-delay tasks share the
     * scheduler's one thread. A horizon whose writers have not ended is kept and sealed up to by the
     * first later pass that finds them ended; until then no pass seals past it.
     */
    @Scheduled(fixedDelayString = "${tokengate.audit.seal-interval:1s}")
    void scheduled() {
        try {
            if (pending != null) {
                if (!ended(pending, Duration.ZERO)) {
                    logHeldBack();
                    return;
                }
                Horizon reached = pending;
                pending = null;
                sealUpTo(reached.lastId());
            }
            Horizon now = horizon();
            if (ended(now, PASS_WAIT)) {
                sealUpTo(now.lastId());
            } else {
                pending = now;
                pendingSince = System.nanoTime();
                pendingLogged = false;
            }
        } catch (RuntimeException e) {
            log.warn("audit sealing failed, will retry: {}", e.toString());
        }
    }

    /**
     * Seals every row committed before this call, waiting at most {@code tokengate.audit.seal-wait}
     * for the transactions then writing audit rows; returns how many rows it sealed.
     */
    public int sealAll() {
        return sealAll(maxWait);
    }

    int sealAll(Duration wait) {
        Horizon horizon = horizon();
        return ended(horizon, wait) ? sealUpTo(horizon.lastId()) : 0;
    }

    /** The last id taken, then the transactions that may still commit a row up to it (this order matters). */
    private Horizon horizon() {
        long lastId = jdbc.queryForObject(LAST_ID, Long.class);
        return new Horizon(lastId, jdbc.queryForList(WRITERS, String.class).toArray(String[]::new));
    }

    private boolean ended(Horizon horizon, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (horizon.writers().length > 0
                && jdbc.queryForObject(WRITERS_LEFT, Long.class, (Object) horizon.writers()) > 0) {
            if (System.nanoTime() >= deadline) {
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

    private void logHeldBack() {
        if (!pendingLogged && System.nanoTime() - pendingSince > maxWait.toNanos()) {
            pendingLogged = true;
            log.info("audit sealing is held back by a transaction that has been open with audit rows for over {};"
                    + " rows are sealed once it ends", maxWait);
        }
    }

    private int sealUpTo(long horizon) {
        int total = 0;
        Batch batch;
        do {
            batch = sealBatch(horizon);
            total += batch.sealed();
        } while (batch.more());
        return total;
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

    /** Every id up to lastId is committed or never will be, once the writers' transactions have ended. */
    private record Horizon(long lastId, String[] writers) {
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
