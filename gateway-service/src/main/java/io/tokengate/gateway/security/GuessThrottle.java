package io.tokengate.gateway.security;

import io.tokengate.gateway.audit.Actor;
import io.tokengate.gateway.audit.AuditEntry;
import io.tokengate.gateway.audit.AuditLog;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
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
 * re-reads every second ({@link ThrottleWindow}; a key throttled elsewhere is refused here within a
 * second, one throttled here at once): a successful request costs no query, only a miss writes.
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

    private final AuditLog audit;
    private final ThrottleWindow<String> window;
    private volatile int maxMisses;
    private volatile int windowMinutes;

    GuessThrottle(JdbcClient jdbc, AuditLog audit, TransactionTemplate tx,
                  @Value("${tokengate.security.key-misses.max:30}") int maxMisses,
                  @Value("${tokengate.security.key-misses.window-minutes:5}") int windowMinutes) {
        this.audit = audit;
        this.window = new ThrottleWindow<>(jdbc, tx, "key guess throttle", "key_guess_misses", "key_id", "text",
                "misses", Function.identity());
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
        return window.retryAfter(keyId);
    }

    /**
     * Counts a miss of the key; the miss that spends the budget is audited and throttles the key on
     * this instance at once.
     */
    public void recordMiss(MerchantPrincipal key, Kind kind, String route) {
        int max = maxMisses;
        int minutes = windowMinutes;
        window.count(key.keyId(), max, minutes, () -> audit.append(
                AuditEntry.of(Actor.merchantKey(key.keyId(), key.sourceIp()), ACTION)
                        .merchant(key.merchantId()).subject("api_key", key.keyId()).detail("guessed", kind.detail)
                        .detail("misses", max).detail("window_minutes", minutes).detail("route", route).build()));
    }

    /** Re-reads which keys are over their budget (every instance's misses). */
    @Scheduled(fixedDelayString = "${tokengate.security.key-misses.refresh:1s}")
    void refresh() {
        window.refresh(maxMisses, windowMinutes);
    }

    @Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT1M")
    void purge() {
        window.purge();
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
}
