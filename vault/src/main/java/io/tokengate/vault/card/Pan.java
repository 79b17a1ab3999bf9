package io.tokengate.vault.card;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * A primary account number (card number) that has passed validation: 12 to 19 ASCII digits, a
 * valid Luhn check digit, and a length its {@link CardBrand} issues.
 *
 * <p>Guarantees: {@link #toString()} shows at most the first six and last four digits and always
 * hides at least six; {@link #equals} compares in constant time and {@link #hashCode} depends only
 * on what {@code toString} already shows; the class is not {@link java.io.Serializable} (Java
 * serialization throws {@link java.io.NotSerializableException}) and has no bean getters, so a JSON
 * mapper finds nothing to write. The full digits come out only through {@link
 * #digits(RawCardAccess)} and {@link #asciiDigits(RawCardAccess)}.
 */
public final class Pan {

    /** Fewest digits a card number may have. */
    public static final int MIN_LENGTH = 12;
    /** Most digits a card number may have. */
    public static final int MAX_LENGTH = 19;

    private static final int MAX_INPUT_CHARS = 64;
    private static final int SHOWN_HEAD = 6;
    private static final int SHOWN_TAIL = 4;
    private static final int MIN_HIDDEN = 6;

    private final byte[] digits;
    private final CardBrand brand;

    private Pan(byte[] digits, CardBrand brand) {
        this.digits = digits;
        this.brand = brand;
    }

    /**
     * Parses a card number, ignoring spaces and dashes.
     *
     * @throws InvalidCardException with {@link InvalidCardReason#PAN_MISSING} for null or no
     *     digits, {@code PAN_CHARACTERS} for any other character, {@code PAN_LENGTH} for a digit
     *     count outside 12..19 or outside what the brand issues, {@code PAN_LUHN} for a bad check
     *     digit
     */
    public static Pan parse(String input) {
        if (input == null) {
            throw new InvalidCardException(InvalidCardReason.PAN_MISSING);
        }
        if (input.length() > MAX_INPUT_CHARS) {
            throw new InvalidCardException(InvalidCardReason.PAN_LENGTH);
        }
        byte[] buffer = new byte[input.length()];
        int count = 0;
        for (int i = 0; i < input.length(); i++) {
            char c = input.charAt(i);
            if (c >= '0' && c <= '9') {
                buffer[count++] = (byte) c;
            } else if (c != ' ' && c != '-') {
                throw new InvalidCardException(InvalidCardReason.PAN_CHARACTERS);
            }
        }
        if (count == 0) {
            throw new InvalidCardException(InvalidCardReason.PAN_MISSING);
        }
        if (count < MIN_LENGTH || count > MAX_LENGTH) {
            throw new InvalidCardException(InvalidCardReason.PAN_LENGTH);
        }
        byte[] digits = Arrays.copyOf(buffer, count);
        Arrays.fill(buffer, (byte) 0);
        String view = new String(digits, StandardCharsets.US_ASCII);
        if (!Luhn.isValid(view)) {
            throw new InvalidCardException(InvalidCardReason.PAN_LUHN);
        }
        CardBrand brand = CardBrand.detect(view);
        if (!brand.allowsLength(count)) {
            throw new InvalidCardException(InvalidCardReason.PAN_LENGTH);
        }
        return new Pan(digits, brand);
    }

    /** The network detected from the leading digits; {@link CardBrand#UNKNOWN} if none matched. */
    public CardBrand brand() {
        return brand;
    }

    /** Number of digits, 12 to 19. */
    public int length() {
        return digits.length;
    }

    /** The last four digits, which may be shown to the cardholder. */
    public String last4() {
        return new String(digits, digits.length - SHOWN_TAIL, SHOWN_TAIL, StandardCharsets.US_ASCII);
    }

    /** The first six digits (the bank identification number), used for routing and brand rules. */
    public String bin() {
        return new String(digits, 0, SHOWN_HEAD, StandardCharsets.US_ASCII);
    }

    /** The full card number as digits only. Every caller is a place where card data is exposed. */
    public String digits(RawCardAccess access) {
        requireAccess(access);
        return new String(digits, StandardCharsets.US_ASCII);
    }

    /** A fresh copy of the digits as ASCII bytes, which the caller should wipe after use. */
    public byte[] asciiDigits(RawCardAccess access) {
        requireAccess(access);
        return digits.clone();
    }

    /** Whether {@code other} is a {@code Pan} with the same digits; runs in constant time. */
    @Override
    public boolean equals(Object other) {
        return other instanceof Pan that && MessageDigest.isEqual(digits, that.digits);
    }

    /** Hash of the masked form, so it reveals nothing that {@link #toString()} does not. */
    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    /**
     * The masked number, e.g. {@code 424242******4242}: the last four digits and up to the first
     * six, fewer on short numbers so that at least six digits stay hidden.
     */
    @Override
    public String toString() {
        int n = digits.length;
        int head = Math.min(SHOWN_HEAD, n - SHOWN_TAIL - MIN_HIDDEN);
        char[] out = new char[n];
        for (int i = 0; i < n; i++) {
            out[i] = i < head || i >= n - SHOWN_TAIL ? (char) digits[i] : '*';
        }
        return new String(out);
    }

    private static void requireAccess(RawCardAccess access) {
        if (access == null) {
            throw new NullPointerException("RawCardAccess required");
        }
    }
}
