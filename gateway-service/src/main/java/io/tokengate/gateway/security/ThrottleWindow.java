package io.tokengate.gateway.security;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What both throttles share (failed authentications per address, guesses per API key): failures
 * counted per subject and minute in one PostgreSQL table, so every instance sees every failure, and
 * the subjects over the limit kept in memory, so the check on each request costs no round trip. Each
 * instance re-reads the set every second ({@link #refresh}); a subject this instance throttles is
 * refused here at once.
 *
 * <p>A table has the columns {@code (<subject>, window_start, <count>)} with that primary key. The
 * table and column names are constants of the throttles, never input.
 */
final class ThrottleWindow<K> {

    private static final Logger log = LoggerFactory.getLogger(ThrottleWindow.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final String name;
    private final Function<String, K> key;
    private final String count;
    private final String sum;
    private final String overAll;
    private final String overOne;
    private final String purge;
    // Per throttled subject, when it is free again (see overAll).
    private volatile Map<K, Instant> throttled = Map.of();
    private final Map<K, Instant> throttledHere = new ConcurrentHashMap<>();

    /**
     * @param name    what the log calls this throttle
     * @param type    the subject column's SQL type, which subject parameters are cast to
     * @param key     the in-memory key of a subject as the column reads back as text; null for one
     *                that can never be asked about
     */
    ThrottleWindow(JdbcClient jdbc, TransactionTemplate tx, String name, String table, String subject, String type,
                   String counter, Function<String, K> key) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.name = name;
        this.key = key;
        String param = "CAST(:subject AS " + type + ")";
        this.count = """
                INSERT INTO %1$s (%2$s, window_start, %3$s) VALUES (%4$s, date_trunc('minute', now()), 1)
                ON CONFLICT (%2$s, window_start) DO UPDATE SET %3$s = %1$s.%3$s + 1"""
                .formatted(table, subject, counter, param);
        this.sum = """
                SELECT coalesce(sum(%s), 0) FROM %s
                 WHERE %s = %s AND window_start > now() - make_interval(mins => :window)"""
                .formatted(counter, table, subject, param);
        // The newest minute bucket whose failures, added to all newer ones, reach the limit leaves the
        // window at "until"; a throttled subject records no more failures, so nothing moves it later.
        String over = """
                SELECT %2$s AS subject,
                       max(window_start) FILTER (WHERE running >= :max) + make_interval(mins => :window) AS until
                FROM (SELECT %2$s, window_start,
                             sum(%3$s) OVER (PARTITION BY %2$s ORDER BY window_start DESC) AS running
                      FROM %1$s WHERE window_start > now() - make_interval(mins => :window) %4$s) buckets
                GROUP BY %2$s HAVING max(running) >= :max""";
        this.overAll = over.formatted(table, subject, counter, "");
        this.overOne = over.formatted(table, subject, counter, "AND " + subject + " = " + param);
        this.purge = "DELETE FROM %s WHERE window_start < now() - interval '1 day'".formatted(table);
    }

    /** How long the subject must wait, when it is over the limit; empty when it may go on. No query. */
    Optional<Duration> retryAfter(K subject) {
        Instant until = later(throttled.get(subject), throttledHere.get(subject));
        Instant now = Instant.now();
        return until == null || !until.isAfter(now) ? Optional.empty() : Optional.of(Duration.between(now, until));
    }

    /** Whether no subject at all is throttled: lets a caller skip the work of making a key. */
    boolean noneThrottled() {
        return throttled.isEmpty() && throttledHere.isEmpty();
    }

    /**
     * Counts a failure of the subject in its own transaction; the failure that reaches {@code max}
     * runs {@code onLimit} in that transaction (the audit row) and throttles the subject here at once.
     */
    void count(String subject, int max, int windowMinutes, Runnable onLimit) {
        K k = key.apply(subject);
        Instant until = tx.execute(status -> {
            jdbc.sql(count).param("subject", subject).update();
            long failures = jdbc.sql(sum).param("subject", subject).param("window", windowMinutes)
                    .query(Long.class).single();
            if (failures < max) {
                return null;
            }
            if (failures == max) {
                onLimit.run();
            }
            return k == null ? null : over(overOne, subject, max, windowMinutes).get(k);
        });
        if (until != null) {
            throttledHere.put(k, until);
        }
    }

    /** Re-reads which subjects are over the limit (every instance's failures); keeps the last set on error. */
    void refresh(int max, int windowMinutes) {
        try {
            throttled = Map.copyOf(over(overAll, null, max, windowMinutes));
            Instant now = Instant.now();
            throttledHere.values().removeIf(until -> !until.isAfter(now));
        } catch (RuntimeException e) {
            log.warn("could not refresh the {}, keeping the last known set: {}", name, e.toString());
        }
    }

    /** Forgets buckets older than a day: the window is minutes long, the table a counter, not a log. */
    void purge() {
        jdbc.sql(purge).update();
    }

    /** Runs one of the two over-the-limit reads; {@code subject} binds the one-subject form. */
    private Map<K, Instant> over(String statement, String subject, int max, int windowMinutes) {
        Map<K, Instant> subjects = new HashMap<>();
        var sql = jdbc.sql(statement).param("max", max).param("window", windowMinutes);
        if (subject != null) {
            sql = sql.param("subject", subject);
        }
        sql.query((rs, n) -> Map.entry(String.valueOf(rs.getString("subject")), rs.getTimestamp("until").toInstant()))
                .list().forEach(e -> {
                    K k = key.apply(e.getKey());
                    if (k != null) {
                        subjects.put(k, e.getValue());
                    }
                });
        return subjects;
    }

    private static Instant later(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }
}
