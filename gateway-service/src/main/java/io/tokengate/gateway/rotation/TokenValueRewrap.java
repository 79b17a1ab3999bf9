package io.tokengate.gateway.rotation;

import io.tokengate.gateway.keys.KeysProperties;
import io.tokengate.gateway.keys.VaultService;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Sealed token values ({@code tokens.token_sealed}, bound to the token's lookup hash) as KEK-bound
 * data, every status included: revoked tokens are still shown in migration mappings. The version
 * column {@code token_kek_version} is generated from the blob, so it cannot disagree with it.
 *
 * <p>Charges never lock a multi-use token's row, and a single-use token's row only for the short
 * transaction that spends it, which the claim skips; the claim's {@code NO KEY} lock lets a charge
 * insert that references the token go ahead.
 */
@Component
@Order(2)
class TokenValueRewrap extends SealedColumnRewrap {

    static final String NAME = "tokens";

    private final VaultService vault;

    TokenValueRewrap(JdbcTemplate jdbc, VaultService vault, KeysProperties properties) {
        super(jdbc, properties, new Table(NAME, "tokens", "token", Key.BIGINT, "lookup_hash, token_sealed",
                "token_sealed", "token_kek_version", null, null));
        this.vault = vault;
    }

    @Override
    byte[] rewrap(Object id, ResultSet row) throws SQLException {
        return vault.rewrapToken(row.getBytes(3), row.getBytes(2));
    }
}
