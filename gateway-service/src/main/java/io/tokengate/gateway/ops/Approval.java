package io.tokengate.gateway.ops;

import java.time.Instant;
import java.util.Map;

/**
 * A dual-control request as stored and shown to ops ({@code "object": "approval"} on the wire).
 *
 * @param status the effective status: a pending request past {@code expiresAt} reads {@code expired}
 * @param result what the handler returned ({@code executed}), or {@code {"error": {code, detail}}}
 *               when it refused ({@code failed}); {@code null} before a decision
 */
public record Approval(String id, String object, String action, Map<String, Object> params, String status,
                       String requestedBy, String decidedBy, String reason, Map<String, Object> result,
                       Instant createdAt, Instant decidedAt, Instant expiresAt) {

    public static final String PENDING = "pending";
    public static final String REJECTED = "rejected";
    public static final String EXECUTED = "executed";
    public static final String FAILED = "failed";
    public static final String EXPIRED = "expired";
}
