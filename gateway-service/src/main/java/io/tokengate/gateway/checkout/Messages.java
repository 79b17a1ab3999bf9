package io.tokengate.gateway.checkout;

/**
 * What the shopper reads when a card is refused. Lost and stolen cards get the generic text: a
 * checkout page must not confirm to a card tester which numbers are reported.
 */
final class Messages {

    static final String CVC_INCORRECT = "The security code is not correct. Check the code on your card and try again.";
    static final String UNREACHABLE = "We could not reach your bank just now. Nothing was charged; please try again.";

    private Messages() {
    }

    /** Text for a decline code of the card network. */
    static String decline(String code) {
        return switch (code == null ? "" : code) {
            case "insufficient_funds" -> "The card has insufficient funds. Try another card.";
            case "expired_card" -> "The card has expired. Try another card.";
            case "incorrect_cvc" -> CVC_INCORRECT;
            case "authentication_required" ->
                    "Your bank asked to confirm this payment and it could not be confirmed. Try another card.";
            default -> "Your bank declined the card. Try another card or contact your bank.";
        };
    }

    /** The banner over the form after the previous attempt was refused, or null. */
    static String banner(String lastError) {
        if (lastError == null) {
            return null;
        }
        return switch (lastError) {
            case "processing_error" -> UNREACHABLE;
            case "challenge_failed" -> "Your bank could not confirm the card. Try again or use another card.";
            default -> decline(lastError);
        };
    }
}
