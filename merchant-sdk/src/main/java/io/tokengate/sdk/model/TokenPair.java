package io.tokengate.sdk.model;

import io.tokengate.sdk.internal.Redact;

/**
 * One old → new token pair of a {@link TokenMigration}: replace {@code oldToken} by
 * {@code newToken} wherever you stored it. {@code newToken} is null when the old token was revoked
 * without a replacement. {@link #toString()} masks both values.
 */
public record TokenPair(String object, String oldToken, String newToken) {

    @Override
    public String toString() {
        return "TokenPair[" + Redact.token(oldToken) + " -> " + Redact.token(newToken) + "]";
    }
}
