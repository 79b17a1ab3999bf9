package io.tokengate.gateway.token;

/**
 * An old token value and the value that replaces it, opened for the owning merchant's migration
 * mapping. {@link #toString()} shows hints only, so logging a pair leaks no usable token.
 *
 * @param oldTokenId the old token's row id (the pagination position; never shown in the API)
 * @param newToken   {@code null} when the old token was revoked without a replacement
 */
public record TokenPair(long oldTokenId, String oldToken, String newToken) {

    @Override
    public String toString() {
        return "TokenPair[…" + TokenValues.hint(oldToken) + " -> "
                + (newToken == null ? "none" : "…" + TokenValues.hint(newToken)) + "]";
    }
}
