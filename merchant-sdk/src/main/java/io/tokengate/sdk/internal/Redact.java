package io.tokengate.sdk.internal;

/** Masks values that must not reach logs in full: secrets and token values. Internal. */
public final class Redact {

    private Redact() {
    }

    /** A secret key: only its last four characters, the way ops list keys ({@code secret_hint}). */
    public static String secret(String secret) {
        if (secret == null) {
            return "null";
        }
        return secret.length() >= 16 ? "****" + secret.substring(secret.length() - 4) : "****";
    }

    /** A token value: its first four and last four characters. */
    public static String token(String token) {
        if (token == null) {
            return "null";
        }
        return token.length() > 12 ? token.substring(0, 4) + "…" + token.substring(token.length() - 4) : "…";
    }
}
