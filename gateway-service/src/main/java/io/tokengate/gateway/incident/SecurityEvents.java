package io.tokengate.gateway.incident;

import io.tokengate.gateway.web.ApiException;
import io.tokengate.gateway.web.Rows;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The security signals ops watch: read straight from the audit trail, which already records each of
 * them in its own transaction (so they survive the refused request's rollback) and hash-chains them
 * with everything else. A copy in a table of its own could disagree with the trail; a partial index
 * on the trail (migration V6) keeps this list cheap however large the trail grows.
 *
 * <p>Severity is a fixed mapping of the action: {@code security.canary_used} is critical (a decoy was
 * used: the merchant's token store leaked); any other {@code security.*} action (a revoked token or
 * key presented again, a valid key throttled for guessing tokens or checkout codes:
 * {@code security.key_throttled}) is high; {@code auth.throttled} (an address crossed the failed-login
 * limit) is medium.
 */
@Service
public class SecurityEvents {

    public static final String CRITICAL = "critical";
    public static final String HIGH = "high";
    public static final String MEDIUM = "medium";
    private static final String CANARY = "security.canary_used";
    private static final String THROTTLED = "auth.throttled";
    // Must match the partial indexes' predicate word for word, or the planner will not use them.
    private static final String SECURITY = "(action LIKE 'security.%' OR action = 'auth.throttled')";

    private final JdbcClient jdbc;

    SecurityEvents(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * One event. {@code apiKey} is the merchant key that made the request (or the revoked key
     * presented); {@code tokenHint} the last four characters of the token involved; {@code route} the
     * method and route template (never the raw URI, which may hold a token).
     */
    public record Event(long id, String type, String severity, Instant occurredAt, String merchantId,
                        String sourceIp, String apiKey, String tokenHint, String route) {
    }

    /** Newest first, before audit row {@code beforeId} when given. */
    @Transactional(readOnly = true)
    public List<Event> page(String merchantId, String severity, Long beforeId, int limitPlusOne) {
        StringBuilder sql = new StringBuilder("""
                SELECT id, occurred_at, actor_type, actor_id, action, merchant_id, subject_type, subject_id,
                       host(source_ip) AS source_ip, details->>'token_hint' AS token_hint, details->>'route' AS route
                FROM audit_events WHERE """).append(SECURITY);
        List<Object> params = new ArrayList<>();
        if (merchantId != null) {
            sql.append(" AND merchant_id = ?");
            params.add(merchantId);
        }
        if (severity != null) {
            sql.append(switch (severity.toLowerCase(Locale.ROOT)) {
                case CRITICAL -> " AND action = '" + CANARY + "'";
                case HIGH -> " AND action LIKE 'security.%' AND action <> '" + CANARY + "'";
                case MEDIUM -> " AND action = '" + THROTTLED + "'";
                default -> throw ApiException.invalid("severity", "severity must be critical, high or medium.");
            });
        }
        if (beforeId != null) {
            sql.append(" AND id < ?");
            params.add(beforeId);
        }
        sql.append(" ORDER BY id DESC LIMIT ?");
        params.add(limitPlusOne);
        return jdbc.sql(sql.toString()).params(params).query((rs, n) -> {
            String action = rs.getString("action");
            String keyId = "merchant".equals(rs.getString("actor_type")) ? rs.getString("actor_id")
                    : "api_key".equals(rs.getString("subject_type")) ? rs.getString("subject_id") : null;
            return new Event(rs.getLong("id"), action, severityOf(action), Rows.instant(rs, "occurred_at"),
                    rs.getString("merchant_id"), rs.getString("source_ip"), keyId, rs.getString("token_hint"),
                    rs.getString("route"));
        }).list();
    }

    static String severityOf(String action) {
        if (CANARY.equals(action)) {
            return CRITICAL;
        }
        return THROTTLED.equals(action) ? MEDIUM : HIGH;
    }
}
