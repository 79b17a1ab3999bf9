package io.tokengate.vault.token;

import java.security.SecureRandom;

/**
 * Uniform random characters from a small alphabet. Each character comes from one random byte
 * below the largest multiple of the alphabet size, so there is no modulo bias; the few bytes above
 * it are dropped and redrawn.
 */
final class RandomChars {

    static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    static final String DIGITS = "0123456789";

    private static final SecureRandom RANDOM = new SecureRandom();

    private RandomChars() {
    }

    /** Fills {@code out[from, to)} with characters drawn uniformly from {@code alphabet}. */
    static void fill(char[] out, int from, int to, String alphabet) {
        int size = alphabet.length();
        int limit = 256 - 256 % size;
        byte[] pool = new byte[(to - from) + 8];
        int used = pool.length;
        for (int i = from; i < to; ) {
            if (used == pool.length) {
                RANDOM.nextBytes(pool);
                used = 0;
            }
            int b = pool[used++] & 0xff;
            if (b < limit) {
                out[i++] = alphabet.charAt(b % size);
            }
        }
    }
}
