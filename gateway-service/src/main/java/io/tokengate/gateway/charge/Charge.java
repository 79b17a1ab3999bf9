package io.tokengate.gateway.charge;

import io.tokengate.gateway.merchant.AclEnforcer;
import java.time.Instant;
import java.time.LocalDate;

/**
 * A charge row. Statuses: {@code pending} (recorded, the acquirer has not answered),
 * {@code authorized}, {@code capturing} / {@code voiding} (the acquirer is being asked),
 * {@code captured}, {@code voided}, {@code declined}, {@code failed}.
 */
record Charge(String id, String merchantId, long tokenId, long amount, String currency, String status,
              long capturedAmount, long refundedAmount, boolean captureRequested, String channel, String description,
              String reference, String acquirerReference, String declineCode, String failureCode,
              Instant createdAt, Instant authorizedAt, Instant capturedAt, Instant voidedAt,
              Long capturePendingAmount, String idempotencyKey, String operationIdempotencyKey,
              LocalDate capDay, Integer capStripe) {

    static final String PENDING = "pending";
    static final String AUTHORIZED = "authorized";
    static final String CAPTURING = "capturing";
    static final String VOIDING = "voiding";
    static final String CAPTURED = "captured";
    static final String VOIDED = "voided";
    static final String DECLINED = "declined";
    static final String FAILED = "failed";

    static final String CUSTOMER_INITIATED = "customer_initiated";
    static final String MERCHANT_INITIATED = "merchant_initiated";

    boolean merchantInitiated() {
        return MERCHANT_INITIATED.equals(channel);
    }

    /** The daily-cap reservation this charge holds, to give back; null when its currency has no cap. */
    AclEnforcer.Reservation capReservation() {
        return capDay == null ? null : new AclEnforcer.Reservation(merchantId, currency, capDay, capStripe, amount);
    }

    /** This pending charge as the approval at {@code at} leaves it (what the database row will read). */
    Charge approved(String acquirerReference, boolean captured, Instant at) {
        return new Charge(id, merchantId, tokenId, amount, currency, captured ? CAPTURED : AUTHORIZED,
                captured ? amount : 0, refundedAmount, captureRequested, channel, description, reference,
                acquirerReference, declineCode, failureCode, createdAt, at, captured ? at : null, voidedAt,
                capturePendingAmount, idempotencyKey, operationIdempotencyKey, capDay, capStripe);
    }

    /** This pending charge as a decline leaves it. */
    Charge declined(String code) {
        return new Charge(id, merchantId, tokenId, amount, currency, DECLINED, capturedAmount, refundedAmount,
                captureRequested, channel, description, reference, acquirerReference, code, failureCode, createdAt,
                authorizedAt, capturedAt, voidedAt, capturePendingAmount, idempotencyKey, operationIdempotencyKey,
                capDay, capStripe);
    }
}
