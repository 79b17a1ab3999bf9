package io.tokengate.vault.card;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * A card security code (CVC/CVV/CID): 3 or 4 ASCII digits. It is used to verify a card at checkout
 * and must never be stored after authorization, so the vault never seals it.
 *
 * <p>Guarantees: {@link #toString()} is always {@code ***}; {@link #equals} runs in constant time;
 * not {@link java.io.Serializable}; the digits come out only through {@link
 * #digits(RawCardAccess)}.
 */
public final class Cvc {

    private static final String MASK = "***";

    private final byte[] digits;

    private Cvc(byte[] digits) {
        this.digits = digits;
    }

    /**
     * Parses a security code of 3 or 4 digits, ignoring surrounding whitespace.
     *
     * @throws InvalidCardException with {@link InvalidCardReason#CVC_INVALID} for anything else
     */
    public static Cvc parse(String input) {
        String trimmed = input == null ? "" : input.strip();
        int n = trimmed.length();
        if (n < 3 || n > 4) {
            throw new InvalidCardException(InvalidCardReason.CVC_INVALID);
        }
        byte[] digits = new byte[n];
        for (int i = 0; i < n; i++) {
            char c = trimmed.charAt(i);
            if (c < '0' || c > '9') {
                throw new InvalidCardException(InvalidCardReason.CVC_INVALID);
            }
            digits[i] = (byte) c;
        }
        return new Cvc(digits);
    }

    /**
     * Parses a security code and checks its length against the card's brand (4 digits for Amex,
     * 3 for the others, either for an unknown brand).
     *
     * @throws InvalidCardException with {@code CVC_INVALID} or {@code CVC_LENGTH}
     */
    public static Cvc parseFor(String input, CardBrand brand) {
        Cvc cvc = parse(input);
        if (!cvc.fits(brand)) {
            throw new InvalidCardException(InvalidCardReason.CVC_LENGTH);
        }
        return cvc;
    }

    /** Whether this code has the length that {@code brand} uses. */
    public boolean fits(CardBrand brand) {
        return brand.allowsCvcLength(digits.length);
    }

    /** Number of digits, 3 or 4. */
    public int length() {
        return digits.length;
    }

    /** The digits, for passing on to the issuer. Every caller is a place where card data is exposed. */
    public String digits(RawCardAccess access) {
        if (access == null) {
            throw new NullPointerException("RawCardAccess required");
        }
        return new String(digits, StandardCharsets.US_ASCII);
    }

    /** Constant-time comparison of the digits. */
    @Override
    public boolean equals(Object other) {
        return other instanceof Cvc that && MessageDigest.isEqual(digits, that.digits);
    }

    /** Constant, so the hash reveals nothing about the digits. */
    @Override
    public int hashCode() {
        return 0x43564331;
    }

    /** Always {@code ***}, whatever the length. */
    @Override
    public String toString() {
        return MASK;
    }
}
