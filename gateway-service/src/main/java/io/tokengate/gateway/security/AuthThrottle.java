package io.tokengate.gateway.security;

import io.tokengate.gateway.audit.Actor;
import io.tokengate.gateway.audit.AuditEntry;
import io.tokengate.gateway.audit.AuditLog;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Throttles brute force of credentials per source address. Failures are counted per minute in
 * PostgreSQL, so every instance sees them; an address with too many in the window is answered 429
 * without its credential being looked at. Crossing the limit is audited once.
 *
 * <p>The check runs on every request, so it reads a set of throttled addresses that each instance
 * refreshes from PostgreSQL every second instead of querying per request ({@link ThrottleWindow}):
 * the hot path pays no round trip, an address throttled by another instance is refused here within
 * a second, and one throttled by this instance at once.
 */
@Component
public class AuthThrottle {

    private static final Pattern ADDRESS_LITERAL = Pattern.compile("[0-9A-Fa-f:.%]+");

    private final AuditLog audit;
    private final int maxFailures;
    private final int windowMinutes;
    private final ThrottleWindow<InetAddress> window;

    AuthThrottle(JdbcClient jdbc, AuditLog audit, TransactionTemplate tx,
                 @Value("${tokengate.security.auth-failures.max:20}") int maxFailures,
                 @Value("${tokengate.security.auth-failures.window-minutes:5}") int windowMinutes) {
        this.audit = audit;
        this.maxFailures = maxFailures;
        this.windowMinutes = windowMinutes;
        this.window = new ThrottleWindow<>(jdbc, tx, "auth throttle", "auth_failures", "source_ip", "inet", "failures",
                AuthThrottle::parse);
    }

    public boolean isThrottled(String ip) {
        return retryAfter(ip).isPresent();
    }

    /** How long the address must wait, when it is over the limit; empty when it may go on. No query. */
    public Optional<Duration> retryAfter(String ip) {
        if (window.noneThrottled()) {
            return Optional.empty(); // the usual case; parsing the address costs more than the lookup
        }
        InetAddress address = parse(ip);
        return address == null ? Optional.empty() : window.retryAfter(address);
    }

    /** Counts a failure; audits the attempt that crosses the limit and throttles the address here at once. */
    public void recordFailure(String ip, String credentialKind, String reason) {
        window.count(ip, maxFailures, windowMinutes, () -> audit.append(
                AuditEntry.of(new Actor("system", "auth-throttle", ip), "auth.throttled")
                        .detail("credential", credentialKind).detail("reason", reason)
                        .detail("failures", maxFailures).detail("window_minutes", windowMinutes).build()));
    }

    /** Re-reads which addresses are over the limit in the current window (all instances' failures). */
    @Scheduled(fixedDelayString = "${tokengate.security.auth-failures.refresh:1s}")
    void refresh() {
        window.refresh(maxFailures, windowMinutes);
    }

    @Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT1M")
    void purge() {
        window.purge();
    }

    /** Parses an address literal (never a host name: no DNS lookup happens for literals). */
    private static InetAddress parse(String ip) {
        if (ip == null || ip.isEmpty() || !ADDRESS_LITERAL.matcher(ip).matches()) {
            return null;
        }
        try {
            return InetAddress.getByName(ip);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
