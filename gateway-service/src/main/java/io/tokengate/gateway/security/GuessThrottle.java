package io.tokengate.gateway.security;

import io.tokengate.gateway.audit.Actor;
import io.tokengate.gateway.audit.AuditEntry;
import io.tokengate.gateway.audit.AuditLog;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A failure budget per merchant API key for guesses: a token value the merchant does not have (on a
 * lookup, a revocation or a charge) and a wrong checkout code. A valid key that keeps naming things
 * that do not exist is enumerating, whether its owner or a thief holds it; past the budget its
 * guessable endpoints answer 429 until the window has moved on, and the crossing is audited once as
 * the security event {@code security.key_throttled}.
 *
 * <p>Misses are counted per key and minute in PostgreSQL, so the budget holds across instances. The
 * check runs on every charge, so it reads an in-memory map of throttled keys that each instance
 * re-reads every second (a key throttled elsewhere is refused here within a second, one throttled
 * here at once): a successful request costs no query, only a miss writes.
 */
@Component
public class GuessThrottle {

    /** What was guessed, recorded in the audit row. */
    public enum Kind {
        TOKEN("token"), CHECKOUT_CODE("checkout_code");

        private final String detail;

        Kind(String detail) {
            this.detail = detail;
        }
    }

    static final String ACTION = "security.key_throttled";
    static final String MISS_ATTRIBUTE = GuessThrottle.class.getName() + ".miss";
    private static final Logger log = LoggerFactory.getLogger(GuessThrottle.class);

    // Per throttled key, when it is free again: the newest minute bucket whose misses, added to all
    // newer ones, reach the budget leaves the window then (while throttled, a key records no miss).
    private static final String THROTTLED = """
            SELECT key_id, max(window_start) FILTER (WHERE running >= :max) + make_interval(mins => :window) AS until
            FROM (SELECT key_id, window_start,
                         sum(misses) OVER (PARTITION BY key_id ORDER BY window_start DESC) AS running
                  FROM key_guess_misses
                  WHERE window_start > now() - make_interval(mins => :window) %s) buckets
            GROUP BY key_id HAVING max(running) >= :max""";

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final TransactionTemplate tx;
    private volatile int maxMisses;
    private volatile int windowMinutes;
    private volatile Map<String, Instant> throttled = Map.of();
    private final Map<String, Instant> throttledHere = new ConcurrentHashMap<>();

    GuessThrottle(JdbcClient jdbc, AuditLog audit, TransactionTemplate tx,
                  @Value("${tokengate.security.key-misses.max:30}") int maxMisses,
                  @Value("${tokengate.security.key-misses.window-minutes:5}") int windowMinutes) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.tx = tx;
        setLimits(maxMisses, windowMinutes);
    }

    /**
     * Marks the request as a miss that answers normally (an empty list for an unknown token filter);
     * counted once the request completes, on {@link GuessableLookup} endpoints only.
     */
    public static void markMiss(jakarta.servlet.ServletRequest request) {
        request.setAttribute(MISS_ATTRIBUTE, Boolean.TRUE);
    }

    /** How long the key must wait, when it has spent its budget; empty when it may go on. No query. */
    public Optional<Duration> retryAfter(String keyId) {
        Instant now = Instant.now();
        Instant until = later(throttled.get(keyId), throttledHere.get(keyId));
        return until == null || !until.isAfter(now) ? Optional.empty() : Optional.of(Duration.between(now, until));
    }

    /**
     * Counts a miss of the key; the miss that spends the budget is audited and throttles the key on
     * this instance at once.
     */
    public void recordMiss(MerchantPrincipal key, Kind kind, String route) {
        int max = maxMisses;
        int window = windowMinutes;
        Instant until = tx.execute(status -> {
            jdbc.sql("""
                            INSERT INTO key_guess_misses (key_id, window_start, misses)
                            VALUES (?, date_trunc('minute', now()), 1)
                            ON CONFLICT (key_id, window_start) DO UPDATE SET misses = key_guess_misses.misses + 1""")
                    .param(key.keyId()).update();
            long misses = jdbc.sql("SELECT coalesce(sum(misses), 0) FROM key_guess_misses WHERE key_id = ? "
                    + "AND window_start > now() - make_interval(mins => ?)").params(key.keyId(), window)
                    .query(Long.class).single();
            if (misses < max) {
                return null;
            }
            if (misses == max) {
                audit.append(AuditEntry.of(Actor.merchantKey(key.keyId(), key.sourceIp()), ACTION)
                        .merchant(key.merchantId()).subject("api_key", key.keyId()).detail("guessed", kind.detail)
                        .detail("misses", max).detail("window_minutes", window).detail("route", route).build());
            }
            return throttledKeys(" AND key_id = :key", key.keyId(), max, window).get(key.keyId());
        });
        if (until != null) {
            throttledHere.put(key.keyId(), until);
        }
    }

    /** Re-reads which keys are over their budget (every instance's misses). */
    @Scheduled(fixedDelayString = "${tokengate.security.key-misses.refresh:1s}")
    void refresh() {
        try {
            throttled = Map.copyOf(throttledKeys("", null, maxMisses, windowMinutes));
            Instant now = Instant.now();
            throttledHere.values().removeIf(until -> !until.isAfter(now));
        } catch (RuntimeException e) {
            log.warn("could not refresh the key guess throttle, keeping the last known set: {}", e.toString());
        }
    }

    @Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT1M")
    void purge() {
        jdbc.sql("DELETE FROM key_guess_misses WHERE window_start < now() - interval '1 day'").update();
    }

    /** For tests and operators' tuning at runtime; the properties set them at start. */
    void setLimits(int maxMisses, int windowMinutes) {
        if (maxMisses < 1 || windowMinutes < 1) {
            throw new IllegalArgumentException("tokengate.security.key-misses.max and .window-minutes must be positive");
        }
        this.maxMisses = maxMisses;
        this.windowMinutes = windowMinutes;
    }

    int maxMisses() {
        return maxMisses;
    }

    int windowMinutes() {
        return windowMinutes;
    }

    private Map<String, Instant> throttledKeys(String filter, String keyId, int max, int window) {
        Map<String, Instant> keys = new HashMap<>();
        var sql = jdbc.sql(THROTTLED.formatted(filter)).param("max", max).param("window", window);
        if (keyId != null) {
            sql = sql.param("key", keyId);
        }
        sql.query((rs, n) -> Map.entry(rs.getString("key_id"), rs.getTimestamp("until").toInstant()))
                .list().forEach(e -> keys.put(e.getKey(), e.getValue()));
        return keys;
    }

    private static Instant later(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }
}
