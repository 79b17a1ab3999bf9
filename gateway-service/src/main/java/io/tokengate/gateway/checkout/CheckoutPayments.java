package io.tokengate.gateway.checkout;

import io.tokengate.gateway.audit.Actor;

/**
 * The checkout's door to the charge feature: authorize the payment-mode charge on the token the
 * checkout just issued, and show a charge to its merchant. Kept behind this small interface so
 * the flow reads in checkout terms and the charge feature keeps its internals.
 */
interface CheckoutPayments {

    /**
     * Authorizes (and, with {@code capture}, captures) a customer-initiated charge. Never throws
     * for a refusal: ACL and token refusals come back as {@link Outcome.Refused}. Holds no
     * database connection while the card network is asked.
     *
     * @param idempotencyKey the same key for a retried step, so one step makes at most one charge
     * @param authenticated  the cardholder passed a challenge in this checkout
     */
    Outcome authorize(String merchantId, String token, long amount, String currency, boolean capture,
                      String idempotencyKey, String reference, boolean authenticated, Actor actor);

    /** The charge as {@code GET /v1/charges/{id}} shows it to its merchant. */
    Object view(String merchantId, String chargeId);

    /** How an authorization ended. */
    sealed interface Outcome {

        record Approved(String chargeId) implements Outcome {
        }

        record Declined(String chargeId, String declineCode) implements Outcome {
        }

        /** Refused before the card network was asked (ACL, token controls); {@code code} is the API error code. */
        record Refused(String code) implements Outcome {
        }

        /** No final answer yet (processing error, timeout); the charge's own recovery resolves it. */
        record Pending(String chargeId) implements Outcome {
        }
    }
}
