package io.tokengate.gateway.leak;

import io.tokengate.vault.card.Luhn;
import java.security.SecureRandom;

/** Fresh, distinctive test values: Luhn-valid card numbers no other test uses, CVCs, random text. */
final class Pans {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    private Pans() {
    }

    /** A 16-digit Visa number (approved by the simulator: not one of its test cards). */
    static String visa() {
        return withCheckDigit("4" + digits(14));
    }

    /** A 16-digit Mastercard number (51–55). */
    static String mastercard() {
        return withCheckDigit("5" + (1 + RANDOM.nextInt(5)) + digits(13));
    }

    /** A 16-digit number starting like a Visa whose check digit is wrong. */
    static String luhnInvalid() {
        String valid = visa();
        char wrong = (char) ('0' + (valid.charAt(15) - '0' + 1 + RANDOM.nextInt(9)) % 10);
        return valid.substring(0, 15) + wrong;
    }

    /** Three digits from 101 to 998 without a repeated digit, so they stand out a little. */
    static String cvc() {
        while (true) {
            String c = String.valueOf(101 + RANDOM.nextInt(898));
            if (c.chars().distinct().count() == 3) {
                return c;
            }
        }
    }

    static String random(int length) {
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return b.toString();
    }

    private static String digits(int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append(RANDOM.nextInt(10));
        }
        return b.toString();
    }

    private static String withCheckDigit(String body) {
        return body + Luhn.checkDigit(body);
    }
}
