package io.tokengate.gateway.web;

import io.tokengate.vault.token.RandomIds;

/** Prefixed, random, URL-safe object ids ({@code mer_}, {@code key_}, {@code ch_}, ...). */
public final class Ids {

    private Ids() {
    }

    /** A new id: the prefix followed by 128 random bits in base62. */
    public static String generate(String prefix) {
        return RandomIds.generate(prefix, 128);
    }
}
