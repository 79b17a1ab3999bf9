package io.tokengate.gateway.charge;

import java.time.Instant;

/** JSON shapes of the charge and refund API (snake_case on the wire). */
final class ChargeViews {

    private ChargeViews() {
    }

    /** Body of {@code POST /v1/charges/{id}/capture}; no amount means the whole authorization. */
    record Capture(Long amount) {
    }

    /** Body of {@code POST /v1/charges/{id}/void}: nothing, but an unknown field is still refused. */
    record VoidCharge() {
    }

    /** Body of {@code POST /v1/refunds}; no amount means what is left to refund. */
    record CreateRefund(String charge, Long amount, String reason) {
    }

    record ChargeView(String id, String object, long amount, String currency, String status, long capturedAmount,
                      long refundedAmount, String token, String channel, String description, String reference,
                      String declineCode, String failureCode, Instant createdAt, Instant authorizedAt,
                      Instant capturedAt, Instant voidedAt) {

        static ChargeView of(Charge c, String token) {
            return new ChargeView(c.id(), "charge", c.amount(), c.currency(), c.status(), c.capturedAmount(),
                    c.refundedAmount(), token, c.channel(), c.description(), c.reference(), c.declineCode(),
                    c.failureCode(), c.createdAt(), c.authorizedAt(), c.capturedAt(), c.voidedAt());
        }

        @Override
        public String toString() {
            return "ChargeView[" + id + ", " + status + "]";
        }
    }

    record RefundView(String id, String object, String charge, long amount, String currency, String status,
                      String reason, String failureCode, Instant createdAt) {

        static RefundView of(Refund r) {
            return new RefundView(r.id(), "refund", r.chargeId(), r.amount(), r.currency(), r.status(), r.reason(),
                    r.failureCode(), r.createdAt());
        }
    }
}
