package io.tokengate.gateway.acquirer;

import io.tokengate.vault.card.CardPayload;
import io.tokengate.vault.card.Cvc;
import java.util.Objects;

/**
 * A zero-amount account verification, as the hosted checkout makes before it vaults a card.
 *
 * @param reference the gateway's reference (for example the checkout session id)
 * @param cvc       the security code the shopper typed, or {@code null} to skip the CVC check; it
 *                  is never stored anywhere
 */
public record VerificationRequest(String reference, CardPayload card, Cvc cvc) {

    public VerificationRequest {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(card, "card");
    }

    @Override
    public String toString() {
        return "VerificationRequest[reference=" + reference + ", card=" + card + ", cvc=" + cvc + "]";
    }
}
