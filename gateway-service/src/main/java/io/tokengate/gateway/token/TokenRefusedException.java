package io.tokengate.gateway.token;

import io.tokengate.gateway.audit.AuditEntry;
import io.tokengate.gateway.web.ApiException;
import io.tokengate.gateway.web.ErrorCode;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A token refusal that is also a security event: a revoked token presented again (and, later, a
 * canary token). The event must be recorded even though the caller's transaction rolls back, so it
 * travels with the exception and is appended in a transaction of its own once the request's
 * transaction has ended: by {@link TokenRefusalAuditor} for HTTP requests, or by {@link
 * TokenRefusals#record} for a caller that catches the exception itself. It is recorded once.
 */
public class TokenRefusedException extends ApiException {

    private final transient AuditEntry securityEvent;
    private final AtomicBoolean recorded = new AtomicBoolean();

    public TokenRefusedException(ErrorCode code, String detail, String param, AuditEntry securityEvent) {
        this(code, detail, param, Map.of(), securityEvent);
    }

    /** With problem extensions, e.g. the {@code decline_code} and {@code charge} of a canary's decline. */
    public TokenRefusedException(ErrorCode code, String detail, String param, Map<String, Object> extensions,
                                 AuditEntry securityEvent) {
        super(code, detail, param, extensions);
        this.securityEvent = Objects.requireNonNull(securityEvent, "securityEvent");
    }

    /** The audit entry to record (action such as {@code security.revoked_token_used}). */
    public AuditEntry securityEvent() {
        return securityEvent;
    }

    /** True for the first caller only, so the event is not recorded twice. */
    boolean claimRecording() {
        return recorded.compareAndSet(false, true);
    }
}
