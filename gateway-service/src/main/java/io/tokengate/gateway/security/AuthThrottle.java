package io.tokengate.gateway.security;

import io.tokengate.gateway.audit.Actor;
import io.tokengate.gateway.audit.AuditEntry;
import io.tokengate.gateway.audit.AuditLog;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
 * refreshes from PostgreSQL every second instead of querying per request: the hot path pays no
 * round trip, an address throttled by another instance is refused here within a second, and one
 * throttled by this instance at once.
 */
@Component
public class AuthThrottle {

    private static final Logger log = LoggerFactory.getLogger(AuthThrottle.class);
    private static final Pattern ADDRESS_LITERAL = Pattern.compile("[0-9A-Fa-f:.%]+");

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final TransactionTemplate tx;
    private final int maxFailures;
    private final int windowMinutes;
    // Per throttled address, when it is free again (see UNTIL).
    private volatile Map<InetAddress, Instant> throttled = Map.of();
    private final Map<InetAddress, Instant> throttledHere = new ConcurrentHashMap<>();

    // The newest minute bucket whose failures, added to all newer ones, reach the limit leaves the
    // window at "until"; a throttled address records no more failures, so nothing moves it later.
    private static final String UNTIL = """
            SELECT host(source_ip) AS ip,
                   max(window_start) FILTER (WHERE running >= :max) + make_interval(mins => :window) AS until
            FROM (SELECT source_ip, window_start,
                         sum(failures) OVER (PARTITION BY source_ip ORDER BY window_start DESC) AS running
                  FROM auth_failures WHERE window_start > now() - make_interval(mins => :window) %s) buckets
            GROUP BY source_ip HAVING max(running) >= :max""";

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
        return retryAfter(ip).isPresent();
    }

    /** How long the address must wait, when it is over the limit; empty when it may go on. No query. */
    public Optional<Duration> retryAfter(String ip) {
        if (throttled.isEmpty() && throttledHere.isEmpty()) {
            return Optional.empty(); // the usual case; parsing the address costs more than the lookup
        }
        InetAddress address = parse(ip);
        if (address == null) {
            return Optional.empty();
        }
        Instant a = throttled.get(address);
        Instant b = throttledHere.get(address);
        Instant until = a == null ? b : b == null || a.isAfter(b) ? a : b;
        Instant now = Instant.now();
        return until == null || !until.isAfter(now) ? Optional.empty() : Optional.of(Duration.between(now, until));
    }

    /** Counts a failure; audits the attempt that crosses the limit and throttles the address here at once. */
    public void recordFailure(String ip, String credentialKind, String reason) {
        Instant until = tx.execute(status -> {
            jdbc.sql("""
                            INSERT INTO auth_failures (source_ip, window_start, failures)
                            VALUES (?::inet, date_trunc('minute', now()), 1)
                            ON CONFLICT (source_ip, window_start) DO UPDATE SET failures = auth_failures.failures + 1""")
                    .param(ip).update();
            long failures = jdbc.sql("SELECT coalesce(sum(failures), 0) FROM auth_failures WHERE source_ip = ?::inet "
                            + "AND window_start > now() - make_interval(mins => ?)")
                    .params(ip, windowMinutes).query(Long.class).single();
            if (failures == maxFailures) {
                audit.append(AuditEntry.of(new Actor("system", "auth-throttle", ip), "auth.throttled")
                        .detail("credential", credentialKind).detail("reason", reason)
                        .detail("failures", maxFailures).detail("window_minutes", windowMinutes).build());
            }
            return failures < maxFailures ? null : throttledAddresses(" AND source_ip = CAST(:ip AS inet)", ip).get(parse(ip));
        });
        InetAddress address = parse(ip);
        if (until != null && address != null) {
            throttledHere.put(address, until);
        }
    }

    /** Re-reads which addresses are over the limit in the current window (all instances' failures). */
    @Scheduled(fixedDelayString = "${tokengate.security.auth-failures.refresh:1s}")
    void refresh() {
        try {
            throttled = Map.copyOf(throttledAddresses("", null));
            Instant now = Instant.now();
            throttledHere.values().removeIf(until -> !until.isAfter(now));
        } catch (RuntimeException e) {
            log.warn("could not refresh the auth throttle, keeping the last known set: {}", e.toString());
        }
    }

    @Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT1M")
    void purge() {
        jdbc.sql("DELETE FROM auth_failures WHERE window_start < now() - interval '1 day'").update();
    }

    private Map<InetAddress, Instant> throttledAddresses(String filter, String ip) {
        Map<InetAddress, Instant> addresses = new HashMap<>();
        var sql = jdbc.sql(UNTIL.formatted(filter)).param("max", maxFailures).param("window", windowMinutes);
        if (ip != null) {
            sql = sql.param("ip", ip);
        }
        sql.query((rs, n) -> Map.entry(String.valueOf(rs.getString("ip")), rs.getTimestamp("until").toInstant()))
                .list().forEach(e -> {
                    InetAddress address = parse(e.getKey());
                    if (address != null) {
                        addresses.put(address, e.getValue());
                    }
                });
        return addresses;
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
