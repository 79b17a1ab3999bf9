package io.tokengate.gateway.rotation;

import io.tokengate.gateway.keys.KeysProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Tells the re-wrap job whether the database is serving other work: the rate of transactions
 * committed or rolled back in this database (by every instance), less the job's own, sampled at
 * most once a second from {@code pg_stat_database}. Busy means live traffic: the job then keeps to
 * {@code max-rows-per-second}; idle (a maintenance window, a benchmark) lets it run at
 * {@code idle-max-rows-per-second}. PostgreSQL publishes these counters about once a second, so the
 * gauge follows the traffic within a second or two.
 */
@Component
class TrafficGauge {

    private static final long SAMPLE_NANOS = 1_000_000_000L;

    private final JdbcTemplate jdbc;
    private final KeysProperties properties;
    private long lastCount = -1;
    private long lastNanos;
    private long ownSinceLast;
    private boolean busy = true; // until measured, assume traffic

    TrafficGauge(JdbcTemplate jdbc, KeysProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    /** Counts transactions the job itself committed, so they are not taken for traffic. */
    synchronized void own(int transactions) {
        ownSinceLast += transactions;
    }

    /** Whether other work runs on the database now; samples when the last sample is a second old. */
    synchronized boolean busy() {
        long now = System.nanoTime();
        if (lastCount >= 0 && now - lastNanos < SAMPLE_NANOS) {
            return busy;
        }
        Long count = jdbc.queryForObject("SELECT xact_commit + xact_rollback FROM pg_stat_database "
                + "WHERE datname = current_database()", Long.class);
        ownSinceLast++; // this query's own transaction
        if (count != null && lastCount >= 0) {
            double seconds = (now - lastNanos) / 1e9;
            double others = Math.max(0, count - lastCount - ownSinceLast) / seconds;
            busy = others >= properties.getRewrap().getBusyTransactionsPerSecond();
        }
        lastCount = count == null ? -1 : count;
        lastNanos = now;
        ownSinceLast = 0;
        return busy;
    }

    /** The rows per second the job may move now (0 = no bound). */
    int allowedRowsPerSecond() {
        KeysProperties.Rewrap rewrap = properties.getRewrap();
        return busy() ? rewrap.getMaxRowsPerSecond() : rewrap.getIdleMaxRowsPerSecond();
    }
}
