package io.tokengate.gateway.token;

import io.tokengate.gateway.audit.AuditEntry;
import io.tokengate.gateway.audit.AuditLog;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Records the security event of a {@link TokenRefusedException} in a transaction of its own. Call it
 * after the transaction that refused the token has ended (rolled back), so no second connection is
 * held while the first is still open.
 */
@Component
public class TokenRefusals {

    private final AuditLog audit;

    TokenRefusals(AuditLog audit) {
        this.audit = audit;
    }

    /**
     * Appends the exception's security event unless it was already recorded.
     *
     * @param route the request's method and route template (e.g. {@code POST /v1/charges}), when there
     *              is a request; recorded as detail {@code route}. Never a raw URI: it may hold a token.
     */
    public void record(TokenRefusedException refusal, String route) {
        if (!refusal.claimRecording()) {
            return;
        }
        AuditEntry event = refusal.securityEvent();
        if (route != null) {
            Map<String, Object> details = new LinkedHashMap<>(event.details());
            details.putIfAbsent("route", route);
            event = new AuditEntry(event.actor(), event.action(), event.merchantId(), event.subjectType(),
                    event.subjectId(), details);
        }
        audit.appendIndependently(event);
    }
}
