package io.tokengate.vault.token;

import java.util.Objects;

/**
 * Random, prefixed, URL-safe identifiers: a prefix such as {@code tok_} followed by a fixed number
 * of base62 characters drawn from {@link java.security.SecureRandom}. The length is fixed for a
 * given strength, so ids sort and validate simply and leak nothing through their length. See
 * {@link IdKind} for the gateway's kinds.
 */
public final class RandomIds {

    /** Fewest random bits accepted. */
    public static final int MIN_BITS = 64;
    /** Most random bits accepted. */
    public static final int MAX_BITS = 1024;

    private static final double BITS_PER_CHAR = Math.log(62) / Math.log(2);

    private RandomIds() {
    }

    /**
     * Returns {@code prefix} followed by enough base62 characters for at least {@code bits}
     * random bits ({@link #charsFor}).
     *
     * @throws IllegalArgumentException if {@code bits} is outside {@value #MIN_BITS}..{@value
     *     #MAX_BITS}, or {@code prefix} is not lowercase letters, digits and underscores ending in
     *     {@code _}
     */
    public static String generate(String prefix, int bits) {
        Objects.requireNonNull(prefix, "prefix");
        if (bits < MIN_BITS || bits > MAX_BITS) {
            throw new IllegalArgumentException("bits must be between " + MIN_BITS + " and " + MAX_BITS);
        }
        if (!validPrefix(prefix)) {
            throw new IllegalArgumentException("prefix must be lowercase letters, digits and '_', ending in '_'");
        }
        int n = charsFor(bits);
        char[] out = new char[prefix.length() + n];
        prefix.getChars(0, prefix.length(), out, 0);
        RandomChars.fill(out, prefix.length(), out.length, RandomChars.BASE62);
        return new String(out);
    }

    /** A new card token: {@code tok_} and 24 base62 characters (about 143 random bits). */
    public static String token() {
        return IdKind.TOKEN.generate();
    }

    /** Base62 characters needed for at least {@code bits} random bits, e.g. 22 for 128. */
    public static int charsFor(int bits) {
        return (int) Math.ceil(bits / BITS_PER_CHAR - 1e-9);
    }

    static boolean hasShape(String candidate, String prefix, int chars) {
        if (candidate == null || candidate.length() != prefix.length() + chars || !candidate.startsWith(prefix)) {
            return false;
        }
        for (int i = prefix.length(); i < candidate.length(); i++) {
            if (RandomChars.BASE62.indexOf(candidate.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean validPrefix(String prefix) {
        if (prefix.length() < 2 || prefix.length() > 16 || !prefix.endsWith("_") || prefix.charAt(0) == '_') {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            char c = prefix.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
                return false;
            }
        }
        return true;
    }
}
