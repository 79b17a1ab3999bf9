package io.tokengate.gateway.keys;

import io.tokengate.vault.CardVault;
import io.tokengate.vault.token.RandomIds;
import org.springframework.stereotype.Service;

/**
 * The gateway's door to the vault for secrets and lookups: keyed hashes under the lookup key (so
 * the database holds no usable token or API secret) and fresh high-entropy secrets.
 */
@Service
public class VaultService {

    private static final int SECRET_BITS = 256;

    private final CardVault vault;

    VaultService(CardVault vault) {
        this.vault = vault;
    }

    /** HMAC-SHA256 of a token or secret under the lookup key: 32 bytes, deterministic. */
    public byte[] lookupHash(String value) {
        return vault.lookupHash(value);
    }

    /** A new secret: the prefix plus 256 random bits in base62. */
    public String newSecret(String prefix) {
        return RandomIds.generate(prefix, SECRET_BITS);
    }
}
