package io.tokengate.vault.card;

import java.util.Locale;

/**
 * Card network, detected from the leading digits (the issuer identification number) of a card
 * number. {@link #apiName()} is the stable lowercase name used in API bodies and database columns;
 * renaming an enum constant must never change it.
 *
 * <p>Numbers whose prefix belongs to no listed network (Maestro, UATP, private label cards and so
 * on) are {@link #UNKNOWN}: {@link Pan#parse} accepts them when they are 12 to 19 digits and pass
 * Luhn, because refusing them would turn away real cards for want of a table entry.
 */
public enum CardBrand {
    VISA("visa", 13, 19, 3),
    /** Includes the 2-series range 2221 to 2720. */
    MASTERCARD("mastercard", 16, 16, 3),
    AMEX("amex", 15, 15, 4),
    /** Includes Discover's share of the China UnionPay range, 622126 to 622925. */
    DISCOVER("discover", 16, 19, 3),
    JCB("jcb", 16, 19, 3),
    DINERS("diners", 14, 19, 3),
    UNIONPAY("unionpay", 16, 19, 3),
    UNKNOWN("unknown", Pan.MIN_LENGTH, Pan.MAX_LENGTH, 0);

    private final String apiName;
    private final int minLength;
    private final int maxLength;
    private final int cvcLength;

    CardBrand(String apiName, int minLength, int maxLength, int cvcLength) {
        this.apiName = apiName;
        this.minLength = minLength;
        this.maxLength = maxLength;
        this.cvcLength = cvcLength;
    }

    /** Stable lowercase name, e.g. {@code mastercard}. */
    public String apiName() {
        return apiName;
    }

    /** Whether this network issues card numbers of {@code length} digits. */
    public boolean allowsLength(int length) {
        return length >= minLength && length <= maxLength;
    }

    /**
     * Whether a security code of {@code length} digits fits this network: 4 for Amex, 3 for the
     * others, 3 or 4 when the network is unknown.
     */
    public boolean allowsCvcLength(int length) {
        return cvcLength == 0 ? length == 3 || length == 4 : length == cvcLength;
    }

    /**
     * Returns the brand whose {@link #apiName()} is {@code name} (case-insensitive).
     *
     * @throws IllegalArgumentException if no brand has that name
     */
    public static CardBrand fromApiName(String name) {
        String wanted = name.toLowerCase(Locale.ROOT);
        for (CardBrand brand : values()) {
            if (brand.apiName.equals(wanted)) {
                return brand;
            }
        }
        throw new IllegalArgumentException("unknown card brand name");
    }

    /**
     * Detects the network from the leading digits alone; the length is not checked. Returns
     * {@link #UNKNOWN} for prefixes of no listed network and for input that does not start with
     * six ASCII digits.
     */
    public static CardBrand detect(CharSequence digits) {
        int p6 = leadingNumber(digits, 6);
        if (p6 < 0) {
            return UNKNOWN;
        }
        int p1 = p6 / 100_000;
        int p2 = p6 / 10_000;
        int p3 = p6 / 1_000;
        int p4 = p6 / 100;
        if (p1 == 4) {
            return VISA;
        }
        if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) {
            return MASTERCARD;
        }
        if (p2 == 34 || p2 == 37) {
            return AMEX;
        }
        if (p4 >= 3528 && p4 <= 3589) {
            return JCB;
        }
        if ((p3 >= 300 && p3 <= 305) || p4 == 3095 || p2 == 36 || p2 == 38 || p2 == 39) {
            return DINERS;
        }
        // Discover's slice of the 62 range must be tested before UnionPay claims the rest of it.
        if (p4 == 6011 || (p6 >= 622126 && p6 <= 622925) || (p3 >= 644 && p3 <= 649) || p2 == 65) {
            return DISCOVER;
        }
        if (p2 == 62) {
            return UNIONPAY;
        }
        return UNKNOWN;
    }

    private static int leadingNumber(CharSequence digits, int count) {
        if (digits.length() < count) {
            return -1;
        }
        int value = 0;
        for (int i = 0; i < count; i++) {
            int d = digits.charAt(i) - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            value = value * 10 + d;
        }
        return value;
    }
}
