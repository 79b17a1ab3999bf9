package io.tokengate.gateway.charge;

import io.tokengate.gateway.audit.Actor;
import io.tokengate.gateway.idempotency.IdempotentRequest;
import java.util.Objects;

/**
 * Who asks for a money movement and how: the merchant, the audit actor, the request id (carried in
 * stored problem answers) and the idempotency key, if the request has one.
 *
 * @param idempotency {@code null} when the request carries no {@code Idempotency-Key}
 * @param requestId   {@code null} outside an HTTP request
 * @param aclVersion  the ACL version seen when the merchant's key was authenticated; {@code null}
 *                    reads the ACL afresh (no key: the hosted checkout, jobs)
 */
public record ChargeContext(String merchantId, Actor actor, String requestId, IdempotentRequest idempotency,
                            String aclVersion) {

    public ChargeContext {
        Objects.requireNonNull(merchantId, "merchantId");
        Objects.requireNonNull(actor, "actor");
    }

    public ChargeContext(String merchantId, Actor actor, String requestId, IdempotentRequest idempotency) {
        this(merchantId, actor, requestId, idempotency, null);
    }

    String idempotencyKey() {
        return idempotency == null ? null : idempotency.key();
    }
}
