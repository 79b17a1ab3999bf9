package io.tokengate.gateway.merchant;

/**
 * A freshly issued key with its secret: the only moment the secret exists outside the caller.
 * {@link #toString()} hides it, so logging this record cannot leak it.
 */
public record IssuedApiKey(ApiKey key, String secret) {

    @Override
    public String toString() {
        return "IssuedApiKey[" + key.id() + ", secret=…" + key.secretHint() + "]";
    }
}
