package io.tokengate.vault.card;

/** Test helpers that build valid card numbers. */
public final class Cards {

    private Cards() {
    }

    /** {@code prefix} padded with {@code filler} digits to {@code length - 1}, plus the Luhn check digit. */
    public static String withCheckDigit(String prefix, String filler, int length) {
        StringBuilder sb = new StringBuilder(prefix);
        int i = 0;
        while (sb.length() < length - 1) {
            sb.append(filler.charAt(i++ % filler.length()));
        }
        sb.setLength(length - 1);
        return sb.toString() + Luhn.checkDigit(sb);
    }
}
