package io.tokengate.gateway.rotation;

import io.tokengate.gateway.keys.KeysProperties;
import io.tokengate.vault.CardRef;
import io.tokengate.vault.CardVault;
import io.tokengate.vault.SealedCard;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Vaulted cards as KEK-bound data: the data key of each active card, moved by
 * {@link CardVault#rewrap} (the payload ciphertext stays byte for byte). Shredded cards hold no
 * blob and are not counted. Counted through {@code cards_kek_version_idx (kek_version, id)}.
 * {@code kek_version} is a plain column, so the write sets it to the blob's version (a check
 * constraint holds the two equal).
 */
@Component
@Order(1)
class CardRewrap extends SealedColumnRewrap {

    static final String NAME = "cards";

    private final CardVault vault;

    CardRewrap(JdbcTemplate jdbc, CardVault vault, KeysProperties properties) {
        super(jdbc, properties, new Table(NAME, "cards", "card", Key.TEXT, "sealed", "sealed", "kek_version",
                "status = 'active'", blob -> SealedCard.fromBytes(blob).kekVersion()));
        this.vault = vault;
    }

    @Override
    byte[] rewrap(Object id, ResultSet row) throws SQLException {
        return vault.rewrap(CardRef.of((String) id), SealedCard.fromBytes(row.getBytes(2))).toBytes();
    }
}
