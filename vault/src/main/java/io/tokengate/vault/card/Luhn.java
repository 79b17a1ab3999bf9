package io.tokengate.vault.card;

/**
 * The Luhn (mod 10) check used by card numbers. Inputs must consist of ASCII digits only; any other
 * character makes {@link #isValid} return {@code false} and {@link #checkDigit} throw
 * {@link IllegalArgumentException}. Luhn detects every single-digit change and most swaps of
 * adjacent digits.
 */
public final class Luhn {

    private Luhn() {
    }

    /** Returns whether {@code digits} (check digit last) is non-empty, all digits and passes Luhn. */
    public static boolean isValid(CharSequence digits) {
        int n = digits.length();
        if (n == 0) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < n; i++) {
            int d = digits.charAt(n - 1 - i) - '0';
            if (d < 0 || d > 9) {
                return false;
            }
            sum += (i & 1) == 0 ? d : doubled(d);
        }
        return sum % 10 == 0;
    }

    /**
     * Returns the digit that, appended to {@code payload}, makes a Luhn-valid number.
     *
     * @throws IllegalArgumentException if {@code payload} holds anything but ASCII digits
     */
    public static char checkDigit(CharSequence payload) {
        int n = payload.length();
        int sum = 0;
        for (int i = 0; i < n; i++) {
            int d = payload.charAt(n - 1 - i) - '0';
            if (d < 0 || d > 9) {
                throw new IllegalArgumentException("payload must be ASCII digits");
            }
            // Once the check digit is appended, the payload's last digit sits at an odd position.
            sum += (i & 1) == 0 ? doubled(d) : d;
        }
        return (char) ('0' + (10 - sum % 10) % 10);
    }

    private static int doubled(int d) {
        int x = d * 2;
        return x > 9 ? x - 9 : x;
    }
}
