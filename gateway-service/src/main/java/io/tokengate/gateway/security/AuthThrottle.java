package io.tokengate.gateway.security;

import io.tokengate.gateway.audit.Actor;
import io.tokengate.gateway.audit.AuditEntry;
import io.tokengate.gateway.audit.AuditLog;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Throttles brute force of credentials per source address: failures are counted per minute in
 * PostgreSQL (so every instance sees them) and an address with too many in the window is answered
 * 429 without its credential being looked at. Crossing the limit is audited once per minute.
 */
@Component
public class AuthThrottle {

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final TransactionTemplate tx;
    private final int maxFailures;
    private final int windowMinutes;

    AuthThrottle(JdbcClient jdbc, AuditLog audit, TransactionTemplate tx,
                 @Value("${tokengate.security.auth-failures.max:20}") int maxFailures,
                 @Value("${tokengate.security.auth-failures.window-minutes:5}") int windowMinutes) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.tx = tx;
        this.maxFailures = maxFailures;
        this.windowMinutes = windowMinutes;
    }

    public boolean isThrottled(String ip) {
        Long failures = jdbc.sql("SELECT coalesce(sum(failures), 0) FROM auth_failures WHERE source_ip = ?::inet "
                        + "AND window_start > now() - make_interval(mins => ?)")
                .params(ip, windowMinutes).query(Long.class).single();
        return failures >= maxFailures;
    }

    /** Counts a failure; audits the attempt that crosses the limit. */
    public void recordFailure(String ip, String credentialKind, String reason) {
        tx.executeWithoutResult(status -> {
            jdbc.sql("""
                            INSERT INTO auth_failures (source_ip, window_start, failures)
                            VALUES (?::inet, date_trunc('minute', now()), 1)
                            ON CONFLICT (source_ip, window_start) DO UPDATE SET failures = auth_failures.failures + 1""")
                    .param(ip).update();
            long inWindow = jdbc.sql("SELECT coalesce(sum(failures), 0) FROM auth_failures WHERE source_ip = ?::inet "
                            + "AND window_start > now() - make_interval(mins => ?)")
                    .params(ip, windowMinutes).query(Long.class).single();
            if (inWindow == maxFailures) {
                audit.append(AuditEntry.of(new Actor("system", "auth-throttle", ip), "auth.throttled")
                        .detail("credential", credentialKind).detail("reason", reason)
                        .detail("failures", maxFailures).detail("window_minutes", windowMinutes).build());
            }
        });
    }

    @Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT1M")
    void purge() {
        jdbc.sql("DELETE FROM auth_failures WHERE window_start < now() - interval '1 day'").update();
    }
}
