package io.tokengate.vault.token;

import io.tokengate.vault.card.CardBrand;
import io.tokengate.vault.card.Luhn;
import io.tokengate.vault.card.Pan;

/**
 * Format-preserving surrogates for systems that insist on a card-number-shaped value: digits only,
 * the same length as the card number, the same last four digits, and random elsewhere, except
 * that the result always fails the Luhn check and its leading digits belong to no known card
 * network ({@link CardBrand#detect} gives {@link CardBrand#UNKNOWN}), so it can never be taken for
 * a real card number, nor be one.
 *
 * <p>Not unique by construction (a 12-digit number has only 8 free digits): store it under a
 * unique constraint and generate again on a collision.
 */
public final class FormatPreservingTokens {

    private FormatPreservingTokens() {
    }

    /** A new surrogate for {@code pan}; reads only its length and last four digits. */
    public static String generate(Pan pan) {
        int n = pan.length();
        int free = n - 4;
        char[] out = new char[n];
        pan.last4().getChars(0, 4, out, free);
        String candidate;
        do {
            RandomChars.fill(out, 0, free, RandomChars.DIGITS);
            candidate = new String(out);
        } while (CardBrand.detect(candidate) != CardBrand.UNKNOWN);
        if (Luhn.isValid(candidate)) {
            // Luhn catches every single-digit change, so bumping one free digit outside the brand
            // prefix makes the check fail without touching the prefix or the last four.
            int i = free - 1;
            out[i] = (char) ('0' + (out[i] - '0' + 1) % 10);
            candidate = new String(out);
        }
        return candidate;
    }

    /**
     * Whether {@code candidate} could be a surrogate made by {@link #generate}: 12 to 19 digits
     * that fail Luhn and start with no known network's prefix.
     */
    public static boolean isSurrogate(String candidate) {
        if (candidate == null || candidate.length() < Pan.MIN_LENGTH || candidate.length() > Pan.MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < candidate.length(); i++) {
            char c = candidate.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return !Luhn.isValid(candidate) && CardBrand.detect(candidate) == CardBrand.UNKNOWN;
    }
}
