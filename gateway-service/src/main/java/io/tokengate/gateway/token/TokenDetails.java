package io.tokengate.gateway.token;

import java.time.Instant;

/**
 * A token as its owner may see it: the value, the status, the controls and the card's display
 * fields. Never the card number or any part of it beyond the last four.
 *
 * @param id      internal row id (charges reference it); never shown in the API
 * @param status  the effective status: {@code expired} once {@code expires_at} has passed, even
 *                before any job updates the row
 * @param usedAt  when a single-use token was spent, or {@code null}
 */
public record TokenDetails(long id, String token, String merchantId, String cardId, String hint, TokenFormat format,
                           String status, TokenControls controls, Instant usedAt, Instant createdAt,
                           Instant revokedAt, String revokedReason, Long replacedBy, CardSummary card) {

    public static final String ACTIVE = "active";
    public static final String SUSPENDED = "suspended";
    public static final String REVOKED = "revoked";
    public static final String EXPIRED = "expired";

    /** The card's display fields. */
    public record CardSummary(String brand, String last4, int expMonth, int expYear) {
    }

    @Override
    public String toString() {
        return "TokenDetails[id=" + id + ", hint=" + hint + ", merchant=" + merchantId + ", status=" + status + "]";
    }
}
