package io.tokengate.vault;

/** One version of the key-encryption key: wraps and unwraps data keys, never shows its bytes. */
record Kek(int version, AesKeyWrapPad wrap) {

    /** Alias of version {@code v} in the key store. */
    static String alias(int version) {
        return "kek-v" + version;
    }

    /**
     * The version named by {@code alias}, or -1 if it is not a well-formed KEK alias. BCFKS may
     * report aliases in lower case, which this format already is.
     */
    static int versionOf(String alias) {
        if (!alias.startsWith("kek-v") || alias.length() > 15) {
            return -1;
        }
        String digits = alias.substring(5);
        if (digits.isEmpty() || digits.charAt(0) == '0') {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < digits.length(); i++) {
            int d = digits.charAt(i) - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v > Integer.MAX_VALUE ? -1 : (int) v;
    }

    @Override
    public String toString() {
        return alias(version);
    }
}
