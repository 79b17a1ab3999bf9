package io.tokengate.sdk.model;

import io.tokengate.sdk.internal.Redact;
import java.time.Instant;

/**
 * A hosted checkout: send the shopper's browser to {@link #url()}. The shopper comes back to
 * {@code successUrl?session_id=...&code=...}; exchange the code from your server with
 * {@code checkoutSessions().complete(...)}.
 *
 * @param mode      {@code setup} (save a card) or {@code payment} (save it and charge amount)
 * @param status    {@code open}, {@code challenge}, {@code authorizing}, {@code succeeded},
 *                  {@code completed}, {@code cancelled}, {@code expired} or {@code failed}
 * @param card      the card on the session (display fields), once there is one
 * @param token     the token value, only once the session is completed
 * @param charge    payment mode: the charge id
 * @param lastError why the last attempt was refused, e.g. {@code insufficient_funds}
 */
public record CheckoutSession(String id, String object, String url, String mode, String status, Long amount,
                              String currency, Boolean capture, String successUrl, String cancelUrl,
                              String merchantReference, TokenControls tokenControls, CardSummary card, String token,
                              String charge, String lastError, Instant expiresAt, Instant createdAt,
                              Instant completedAt) {

    @Override
    public String toString() {
        return "CheckoutSession[id=" + id + ", mode=" + mode + ", status=" + status + ", amount=" + amount
                + ", currency=" + currency + ", merchantReference=" + merchantReference + ", card=" + card
                + ", token=" + Redact.token(token) + ", charge=" + charge + ", lastError=" + lastError
                + ", expiresAt=" + expiresAt + "]";
    }
}
