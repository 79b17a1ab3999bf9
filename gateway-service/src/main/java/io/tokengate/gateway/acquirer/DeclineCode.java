package io.tokengate.gateway.acquirer;

/**
 * Why the issuer or acquirer refused. {@link #code()} is the stable string of the API
 * ({@code decline_code}); renaming a constant must never change it.
 */
public enum DeclineCode {
    GENERIC_DECLINE("generic_decline"),
    INSUFFICIENT_FUNDS("insufficient_funds"),
    INCORRECT_CVC("incorrect_cvc"),
    EXPIRED_CARD("expired_card"),
    LOST_CARD("lost_card"),
    STOLEN_CARD("stolen_card"),
    /** The issuer wants the cardholder to authenticate, which a charge through the API cannot do. */
    AUTHENTICATION_REQUIRED("authentication_required"),
    /** A capture, void or refund the acquirer refuses (unknown authorization, wrong state, amount too high). */
    TRANSACTION_NOT_ALLOWED("transaction_not_allowed");

    private final String code;

    DeclineCode(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
