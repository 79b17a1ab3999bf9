package io.tokengate.gateway.checkout;

import io.tokengate.vault.card.CardPayload;
import io.tokengate.vault.card.Cvc;
import io.tokengate.vault.card.Expiry;
import io.tokengate.vault.card.InvalidCardException;
import io.tokengate.vault.card.Pan;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The card form as posted. Checks the format only (Luhn and length, an expiry not past, a CVC of
 * the brand's length, a name); the card network checks the rest. Error messages are written for
 * the shopper and never contain what was typed.
 */
record CardForm(String number, String expMonth, String expYear, String cvc, String name) {

    static final String NUMBER = "card_number";
    static final String EXPIRY = "expiry";
    static final String CVC = "cvc";
    static final String NAME = "cardholder_name";

    /** A card that passed the format checks, ready for the card network. */
    record Valid(CardPayload payload, Cvc cvc) {
    }

    /** Either {@code valid} or a non-empty {@code errors}. */
    record Result(Valid valid, Map<String, String> errors) {
    }

    Result check(Clock clock) {
        Map<String, String> errors = new LinkedHashMap<>();
        Pan pan = null;
        try {
            pan = Pan.parse(number);
        } catch (InvalidCardException e) {
            errors.put(NUMBER, switch (e.reason()) {
                case PAN_MISSING -> "Enter your card number.";
                case PAN_CHARACTERS -> "The card number may contain only digits and spaces.";
                default -> "This card number is not valid. Check it and try again.";
            });
        }
        Expiry expiry = expiry(clock, errors);
        Cvc code = null;
        try {
            code = pan == null ? Cvc.parse(cvc) : Cvc.parseFor(cvc, pan.brand());
        } catch (InvalidCardException e) {
            errors.put(CVC, pan != null && pan.brand().allowsCvcLength(4) && !pan.brand().allowsCvcLength(3)
                    ? "Enter the 4-digit security code from the front of your card."
                    : pan != null && !pan.brand().allowsCvcLength(4)
                    ? "Enter the 3-digit security code from the back of your card."
                    : "Enter the 3- or 4-digit security code of your card.");
        }
        String holder = name == null ? "" : name.strip();
        CardPayload payload = null;
        if (holder.isEmpty()) {
            errors.put(NAME, "Enter the name as it appears on the card.");
        } else if (pan != null && expiry != null) {
            try {
                payload = new CardPayload(pan, expiry, holder);
            } catch (InvalidCardException e) {
                errors.put(NAME, "Enter the name using letters, spaces and punctuation only (at most 100 characters).");
            }
        }
        return errors.isEmpty() ? new Result(new Valid(payload, code), Map.of()) : new Result(null, errors);
    }

    private Expiry expiry(Clock clock, Map<String, String> errors) {
        String m = expMonth == null ? "" : expMonth.strip();
        String y = expYear == null ? "" : expYear.strip();
        if (!m.matches("[0-9]{1,2}") || !y.matches("[0-9]{2}|[0-9]{4}")) {
            errors.put(EXPIRY, "Enter the expiry month (MM) and year (YY) shown on the card.");
            return null;
        }
        int year = Integer.parseInt(y);
        try {
            return Expiry.notExpired(Integer.parseInt(m), y.length() == 2 ? 2000 + year : year, clock);
        } catch (InvalidCardException e) {
            errors.put(EXPIRY, switch (e.reason()) {
                case EXPIRY_PAST -> "This card has expired. Use a current card.";
                default -> "Enter a valid expiry month (01 to 12) and year.";
            });
            return null;
        }
    }

    /** Never prints the card number or the CVC. */
    @Override
    public String toString() {
        return "CardForm[number=***, cvc=***]";
    }
}
