package io.tokengate.sdk.exception;

/**
 * 402 {@code card_declined}: the issuer refused. {@link #getDeclineCode()} says why (for example
 * {@code insufficient_funds}, {@code incorrect_cvc}, {@code lost_card}); {@link #getChargeId()} is
 * the declined charge, recorded with status {@code declined}. Ask the shopper for another card;
 * sending the same charge again is declined again.
 */
public class CardDeclinedException extends TokenGateException {

    public CardDeclinedException(String message, Problem problem) {
        super(message, problem, null);
    }

    /** The issuer's reason, e.g. {@code insufficient_funds}. */
    public String getDeclineCode() {
        return getProblem().declineCode();
    }

    /** The id of the declined charge ({@code ch_...}), or of the charge whose capture or void was refused. */
    public String getChargeId() {
        return getProblem().charge();
    }
}
