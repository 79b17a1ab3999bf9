package io.tokengate.gateway.charge;

import java.time.Instant;

/** A refund row: {@code pending} (amount reserved on the charge), {@code succeeded} or {@code failed}. */
record Refund(String id, String merchantId, String chargeId, long amount, String currency, String status,
              String reason, String acquirerReference, String failureCode, String idempotencyKey, Instant createdAt) {

    static final String PENDING = "pending";
    static final String SUCCEEDED = "succeeded";
    static final String FAILED = "failed";
}
