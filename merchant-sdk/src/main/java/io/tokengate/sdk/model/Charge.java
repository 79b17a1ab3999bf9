package io.tokengate.sdk.model;

import io.tokengate.sdk.internal.Redact;
import java.time.Instant;

/**
 * A charge on a token. Amounts are in minor units of {@code currency}.
 *
 * @param status         {@code pending}, {@code authorized}, {@code capturing}, {@code voiding},
 *                       {@code captured}, {@code voided}, {@code declined} or {@code failed}
 * @param refundedAmount refunded or being refunded
 * @param channel        {@code customer_initiated} or {@code merchant_initiated}
 * @param failureCode    {@code processing_error} or {@code recovered_no_authorization} for a failed charge
 */
public record Charge(String id, String object, long amount, String currency, String status, long capturedAmount,
                     long refundedAmount, String token, String channel, String description, String reference,
                     String declineCode, String failureCode, Instant createdAt, Instant authorizedAt,
                     Instant capturedAt, Instant voidedAt) {

    public static final String AUTHORIZED = "authorized";
    public static final String CAPTURED = "captured";
    public static final String VOIDED = "voided";
    public static final String DECLINED = "declined";

    @Override
    public String toString() {
        return "Charge[id=" + id + ", amount=" + amount + ", currency=" + currency + ", status=" + status
                + ", capturedAmount=" + capturedAmount + ", refundedAmount=" + refundedAmount + ", token="
                + Redact.token(token) + ", channel=" + channel + ", reference=" + reference + ", declineCode="
                + declineCode + ", failureCode=" + failureCode + ", createdAt=" + createdAt + "]";
    }
}
