package io.tokengate.gateway.checkout;

import java.util.Map;

/** What the hosted checkout answers to one browser request: a redirect or a page to render. */
sealed interface Step {

    /** 303 to another gateway page or back to the merchant. */
    record Redirect(String location) implements Step {
    }

    /**
     * The card form, with field errors (keyed by field) or a banner. Only the name and the expiry
     * the shopper typed are given back; the card number and the CVC never are.
     */
    record Form(CheckoutSession session, Map<String, String> errors, String banner, String name, String expMonth,
                String expYear, int status) implements Step {
        static Form blank(CheckoutSession session, String banner) {
            return new Form(session, Map.of(), banner, null, null, null, 200);
        }
    }

    /** The cardholder challenge (one-time passcode). */
    record Challenge(CheckoutSession session, String error, int status) implements Step {
    }

    /** The card was declined; {@code canRetry} offers another card while attempts remain. */
    record Declined(CheckoutSession session, String message, boolean canRetry) implements Step {
    }

    /** Payment mode: the charge is with the card network; the page refreshes itself. */
    record Processing(CheckoutSession session) implements Step {
    }

    /** A page that only informs (expired, cancelled, throttled...); {@code session} may be null. */
    record Message(PageKind kind, CheckoutSession session) implements Step {
    }
}
