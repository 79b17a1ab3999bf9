package io.tokengate.sdk.model;

import io.tokengate.sdk.internal.Redact;
import java.time.Instant;

/**
 * A token of the merchant: what you store instead of the card. Worthless without your secret key
 * and only within your ACL; another merchant's token is unknown to you. {@link #toString()} masks
 * the token value so it does not end up in logs whole.
 *
 * @param token  the value to charge ({@code tok_...}, or digits for a format-preserving token)
 * @param status {@code active}, {@code suspended}, {@code revoked} or {@code expired}
 * @param format {@code opaque} or {@code format_preserving}
 * @param used   whether a single-use token has been charged
 */
public record Token(String object, String token, String merchant, String status, String format, CardSummary card,
                    TokenControls controls, boolean used, Instant usedAt, Instant createdAt, Instant revokedAt,
                    String revokedReason) {

    @Override
    public String toString() {
        return "Token[token=" + Redact.token(token) + ", merchant=" + merchant + ", status=" + status + ", format="
                + format + ", card=" + card + ", controls=" + controls + ", used=" + used + ", createdAt="
                + createdAt + ", revokedAt=" + revokedAt + ", revokedReason=" + revokedReason + "]";
    }
}
