package io.tokengate.gateway.token;

import io.tokengate.vault.card.CardPayload;
import io.tokengate.vault.card.Expiry;
import io.tokengate.vault.card.Luhn;
import io.tokengate.vault.card.Pan;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneOffset;

/**
 * The synthetic card behind a canary token: a Luhn-valid number in a card networks' test range
 * (Visa 400000, Mastercard 222300) that no acquirer approves, with random remaining digits and a
 * plausible expiry one to five years ahead, so the token's brand, last four and expiry look like
 * any shopper's. The card is vaulted like a real one; a canary's use never reaches the acquirer.
 */
final class CanaryCards {

    private static final String[] TEST_RANGES = {"400000", "222300"};
    private static final int LENGTH = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private CanaryCards() {
    }

    static CardPayload next(Clock clock) {
        StringBuilder digits = new StringBuilder(TEST_RANGES[RANDOM.nextInt(TEST_RANGES.length)]);
        while (digits.length() < LENGTH - 1) {
            digits.append((char) ('0' + RANDOM.nextInt(10)));
        }
        digits.append(Luhn.checkDigit(digits));
        YearMonth expiry = YearMonth.now(clock.withZone(ZoneOffset.UTC)).plusMonths(12 + RANDOM.nextInt(48));
        return new CardPayload(Pan.parse(digits.toString()), new Expiry(expiry.getMonthValue(), expiry.getYear()),
                null);
    }
}
