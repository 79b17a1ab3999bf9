package io.tokengate.vault.token;

/**
 * The kinds of random identifier the gateway issues, with their prefix and length. Ids carry at
 * least 128 random bits, tokens at least 142 (24 base62 characters), API secrets 256. Prefixes
 * and lengths are part of the API and must not change.
 */
public enum IdKind {
    MERCHANT("mer_", 128),
    API_KEY("key_", 128),
    CHECKOUT_SESSION("cs_", 128),
    CHARGE("ch_", 128),
    REFUND("re_", 128),
    EVENT("evt_", 128),
    CARD("card_", 128),
    /** The merchant-scoped card token: {@code tok_} and 24 base62 characters. */
    TOKEN("tok_", 142),
    /** A live-mode API secret, shown once; store only its lookup hash. */
    SECRET_LIVE("sk_live_", 256),
    /** A test-mode API secret, shown once; store only its lookup hash. */
    SECRET_TEST("sk_test_", 256);

    private final String prefix;
    private final int bits;
    private final int chars;

    IdKind(String prefix, int bits) {
        this.prefix = prefix;
        this.bits = bits;
        this.chars = RandomIds.charsFor(bits);
    }

    /** The prefix, e.g. {@code tok_}. */
    public String prefix() {
        return prefix;
    }

    /** Minimum random bits in the random part. */
    public int bits() {
        return bits;
    }

    /** Number of base62 characters after the prefix. */
    public int randomChars() {
        return chars;
    }

    /** A new random identifier of this kind. */
    public String generate() {
        return RandomIds.generate(prefix, bits);
    }

    /** Whether {@code candidate} has this kind's shape: the prefix, then exactly the right number of base62 characters. */
    public boolean matches(String candidate) {
        return RandomIds.hasShape(candidate, prefix, chars);
    }
}
