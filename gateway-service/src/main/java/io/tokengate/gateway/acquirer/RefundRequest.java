package io.tokengate.gateway.acquirer;

import java.util.Objects;

/**
 * A refund of a captured charge.
 *
 * @param reference          the gateway's refund id; the acquirer deduplicates on it
 * @param chargeReference    the charge id the authorization was made under
 * @param acquirerReference  the acquirer's reference of that authorization
 */
public record RefundRequest(String reference, String chargeReference, String acquirerReference, long amount,
                            String currency) {

    public RefundRequest {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(chargeReference, "chargeReference");
        Objects.requireNonNull(acquirerReference, "acquirerReference");
        if (amount <= 0) {
            throw new IllegalArgumentException("amount must be positive");
        }
    }
}
