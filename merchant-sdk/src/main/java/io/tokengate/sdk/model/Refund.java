package io.tokengate.sdk.model;

import java.time.Instant;

/**
 * A refund of a captured charge.
 *
 * @param status      {@code pending}, {@code succeeded} or {@code failed} (the network refused; see failureCode)
 * @param reason      {@code duplicate}, {@code fraudulent}, {@code requested_by_customer} or {@code other}
 */
public record Refund(String id, String object, String charge, long amount, String currency, String status,
                     String reason, String failureCode, Instant createdAt) {
}
