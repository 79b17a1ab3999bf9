package io.tokengate.gateway.checkout;

import io.tokengate.gateway.token.TokenControls;
import java.time.Instant;
import java.util.Set;

/**
 * One hosted checkout as stored in {@code checkout_sessions}. It holds no card data: while a
 * challenge is pending the card is already sealed in the vault ({@code cardId}) and only its
 * display fields are kept here; the CVC is never stored anywhere.
 *
 * <p>Life cycle: {@code open} → ({@code challenge}) → ({@code authorizing}, payment mode) →
 * {@code succeeded} (code issued, browser sent back) → {@code completed} (code exchanged by the
 * merchant's server). {@code cancelled}, {@code expired} and {@code failed} are terminal.
 */
record CheckoutSession(String id, String merchantId, String mode, String status, Long amount, String currency,
                       boolean capture,
                       String successUrl, String cancelUrl, String merchantReference, TokenControls tokenControls,
                       int attempts, int challengeAttempts, String challengeId, String cardId, Long tokenId,
                       String chargeId, int chargeAttempts, Card card, String lastError, Instant codeExpiresAt,
                       Instant codeUsedAt, Instant expiresAt, Instant createdAt, Instant updatedAt,
                       Instant completedAt) {

    static final String SETUP = "setup";
    static final String PAYMENT = "payment";

    static final String OPEN = "open";
    static final String CHALLENGE = "challenge";
    static final String AUTHORIZING = "authorizing";
    static final String SUCCEEDED = "succeeded";
    static final String COMPLETED = "completed";
    static final String CANCELLED = "cancelled";
    static final String EXPIRED = "expired";
    static final String FAILED = "failed";

    /** States in which the shopper can still act on the page. */
    static final Set<String> LIVE = Set.of(OPEN, CHALLENGE);

    /** The card's display fields: what the shopper and the merchant may see. */
    record Card(String brand, String last4, int expMonth, int expYear) {
    }

    boolean payment() {
        return PAYMENT.equals(mode);
    }

    boolean live() {
        return LIVE.contains(status);
    }

    /** Whether the session is live in the database but its time is up (the sweep has not run yet). */
    boolean overdue(Instant now) {
        return live() && !expiresAt.isAfter(now);
    }

    /** The status as the shopper and the merchant should see it now. */
    String effectiveStatus(Instant now) {
        return overdue(now) ? EXPIRED : status;
    }

    @Override
    public String toString() {
        return "CheckoutSession[id=" + id + ", merchant=" + merchantId + ", mode=" + mode + ", status=" + status + "]";
    }
}
