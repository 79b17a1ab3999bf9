package io.tokengate.gateway.checkout;

import io.tokengate.gateway.audit.Actor;
import io.tokengate.gateway.audit.AuditEntry;
import io.tokengate.gateway.audit.AuditLog;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Blunts card testing across sessions: card submissions and passcode tries are counted per client
 * address and minute in PostgreSQL (so every instance sees every attempt), and an address past the
 * limit within the window is refused before any card is looked at. The attempt that crosses the
 * limit is audited as {@code checkout.throttled}, once per crossing rather than once per refusal,
 * so an attack cannot flood the audit trail.
 */
@Component
class CheckoutThrottle {

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final TransactionTemplate tx;
    private final CheckoutProperties props;

    CheckoutThrottle(JdbcClient jdbc, AuditLog audit, TransactionTemplate tx, CheckoutProperties props) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.tx = tx;
        this.props = props;
    }

    /** Counts an attempt from {@code ip}; false when the address is over its limit. */
    boolean tryAcquire(String ip, CheckoutSession session) {
        int max = props.getClientMaxAttempts();
        long windowSeconds = props.getClientWindow().toSeconds();
        Boolean allowed = tx.execute(status -> {
            // Count first, then judge: concurrent attempts cannot all slip under the limit.
            jdbc.sql("""
                            INSERT INTO checkout_client_attempts (source_ip, window_start, attempts)
                            VALUES (?::inet, date_trunc('minute', now()), 1)
                            ON CONFLICT (source_ip, window_start)
                            DO UPDATE SET attempts = checkout_client_attempts.attempts + 1""")
                    .param(ip).update();
            long inWindow = jdbc.sql("""
                            SELECT coalesce(sum(attempts), 0) FROM checkout_client_attempts
                            WHERE source_ip = ?::inet AND window_start > now() - make_interval(secs => ?)""")
                    .params(ip, windowSeconds).query(Long.class).single();
            if (inWindow <= max) {
                return true;
            }
            if (inWindow == max + 1) {
                audit.append(AuditEntry.of(Actor.shopper(session.id(), ip), "checkout.throttled")
                        .merchant(session.merchantId()).subject("checkout_session", session.id())
                        .detail("scope", "client_address").detail("limit", max)
                        .detail("window_seconds", windowSeconds).build());
            }
            return false;
        });
        return Boolean.TRUE.equals(allowed);
    }

    @Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT2M")
    void purge() {
        jdbc.sql("DELETE FROM checkout_client_attempts WHERE window_start < now() - interval '1 day'").update();
    }
}
