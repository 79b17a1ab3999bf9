package io.tokengate.gateway.keys;

import io.tokengate.vault.CardVault;
import io.tokengate.vault.ValueVault;
import io.tokengate.vault.token.RandomIds;
import org.springframework.stereotype.Service;

/**
 * The gateway's door to the vault for secrets and lookups: keyed hashes under the lookup key (so
 * the database holds no usable token or API secret) and fresh high-entropy secrets.
 */
@Service
public class VaultService {

    private static final int SECRET_BITS = 256;
    private static final String TOKEN_CONTEXT = "token";

    private final CardVault vault;
    private final ValueVault values;

    VaultService(CardVault vault, ValueVault values) {
        this.vault = vault;
        this.values = values;
    }

    /** HMAC-SHA256 of a token or secret under the lookup key: 32 bytes, deterministic. */
    public byte[] lookupHash(String value) {
        return vault.lookupHash(value);
    }

    /**
     * Seals a token value so its owner can be shown it again (lists, migration mappings) while the
     * database alone reveals nothing. Bound to the token's lookup hash, so a sealed value moved to
     * another row does not open.
     */
    public byte[] sealToken(String token, byte[] lookupHash) {
        return values.seal(TOKEN_CONTEXT, lookupHash, token.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Opens a value sealed by {@link #sealToken}; throws the vault's generic decryption failure. */
    public String openToken(byte[] sealed, byte[] lookupHash) {
        return new String(values.open(TOKEN_CONTEXT, lookupHash, sealed), java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * Moves a value sealed by {@link #sealToken} to the current KEK (verified first; returned as is
     * when already current). Throws the vault's generic decryption failure for a damaged value.
     */
    public byte[] rewrapToken(byte[] sealed, byte[] lookupHash) {
        return values.rewrap(TOKEN_CONTEXT, lookupHash, sealed);
    }

    /** A new secret: the prefix plus 256 random bits in base62. */
    public String newSecret(String prefix) {
        return RandomIds.generate(prefix, SECRET_BITS);
    }
}
