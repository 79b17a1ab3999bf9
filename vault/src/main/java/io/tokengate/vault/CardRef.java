package io.tokengate.vault;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The identity of the row that holds a sealed card, normally its card id such as {@code
 * card_3kTm...}. Every sealed card is bound to its reference: opening it under any other reference
 * fails. The value is 1 to {@value #MAX_LENGTH} characters from {@code [A-Za-z0-9_-]}, so it is
 * safe in logs and URLs and has a single byte encoding.
 *
 * @param value the id
 */
public record CardRef(String value) {

    /** Longest reference accepted. */
    public static final int MAX_LENGTH = 64;

    /**
     * Validates the id.
     *
     * @throws NullPointerException if {@code value} is null
     * @throws IllegalArgumentException if it is empty, too long or holds other characters
     */
    public CardRef {
        Objects.requireNonNull(value, "value");
        if (value.isEmpty() || value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("card reference must have 1 to " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '_' || c == '-';
            if (!ok) {
                throw new IllegalArgumentException("card reference may hold only letters, digits, '_' and '-'");
            }
        }
    }

    /** Shorthand for {@code new CardRef(value)}. */
    public static CardRef of(String value) {
        return new CardRef(value);
    }

    byte[] ascii() {
        return value.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public String toString() {
        return value;
    }
}
