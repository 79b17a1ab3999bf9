package io.tokengate.gateway.acquirer;

import io.tokengate.vault.card.CardPayload;
import java.util.Objects;

/**
 * One authorization. The card payload is opened from the vault just for this call; drop the
 * request as soon as the call returns.
 *
 * @param reference               the gateway's charge id; the acquirer deduplicates on it
 * @param capture                 capture in the same step (a "sale")
 * @param merchantInitiated       the shopper is not present (a stored-credential charge)
 * @param cardholderAuthenticated the shopper passed a challenge in this same flow (checkout)
 */
public record AuthorizationRequest(String reference, CardPayload card, long amount, String currency, boolean capture,
                                   boolean merchantInitiated, boolean cardholderAuthenticated) {

    public AuthorizationRequest {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(card, "card");
        Objects.requireNonNull(currency, "currency");
        if (amount <= 0) {
            throw new IllegalArgumentException("amount must be positive");
        }
    }

    @Override
    public String toString() {
        return "AuthorizationRequest[reference=" + reference + ", card=" + card + ", amount=" + amount + " "
                + currency + ", capture=" + capture + ", merchantInitiated=" + merchantInitiated + "]";
    }
}
