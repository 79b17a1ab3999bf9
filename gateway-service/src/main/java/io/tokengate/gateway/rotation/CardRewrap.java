package io.tokengate.gateway.rotation;

import io.tokengate.gateway.keys.KekBoundData;
import io.tokengate.gateway.keys.KeysProperties;
import io.tokengate.gateway.rotation.HeapWalk.Pages;
import io.tokengate.vault.CardRef;
import io.tokengate.vault.CardVault;
import io.tokengate.vault.DecryptionFailedException;
import io.tokengate.vault.SealedCard;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;

/**
 * Vaulted cards as KEK-bound data: the data key of each active card, moved by
 * {@link CardVault#rewrap} (the payload ciphertext stays byte for byte). Shredded cards hold no
 * blob and are not counted. Counted through {@code cards_kek_version_idx (kek_version, id)}; walked
 * by heap page when many cards are left, else by id ({@link HeapWalk}).
 */
@Component
@Order(1)
class CardRewrap implements KekBoundData {

    static final String NAME = "cards";
    private static final Logger log = LoggerFactory.getLogger(CardRewrap.class);

    private static final String CLAIM_PAGES = """
            SELECT id, sealed FROM cards
            WHERE ctid >= ?::tid AND ctid < ?::tid AND status = 'active' AND kek_version = ?
            FOR NO KEY UPDATE SKIP LOCKED""";
    private static final String CLAIM_KEYS = """
            SELECT id, sealed FROM cards
            WHERE status = 'active' AND kek_version = ? AND id > ?
            ORDER BY id LIMIT ?
            FOR NO KEY UPDATE SKIP LOCKED""";
    private static final String WRITE = """
            UPDATE cards c SET sealed = u.sealed, kek_version = ?
            FROM unnest(?::text[], ?::bytea[]) AS u(id, sealed)
            WHERE c.id = u.id""";

    private final JdbcTemplate jdbc;
    private final CardVault vault;
    private final KeysProperties properties;

    CardRewrap(JdbcTemplate jdbc, CardVault vault, KeysProperties properties) {
        this.jdbc = jdbc;
        this.vault = vault;
        this.properties = properties;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public long countUsing(int version) {
        return jdbc.queryForObject("SELECT count(*) FROM cards WHERE status = 'active' AND kek_version = ?",
                Long.class, version);
    }

    @Override
    public long countOlderThan(int version) {
        return jdbc.queryForObject("SELECT count(*) FROM cards WHERE status = 'active' AND kek_version < ?",
                Long.class, version);
    }

    @Override
    public Map<Integer, Long> countByVersion() {
        return SetUpdates.countsByVersion(jdbc,
                "SELECT kek_version, count(*) FROM cards WHERE status = 'active' GROUP BY kek_version");
    }

    @Override
    public Batch rewrapBatch(int version, String afterKey, int limit) {
        String cursor = afterKey != null ? afterKey : HeapWalk.start(jdbc, "cards", countUsing(version),
                properties.getRewrap().getPhysicalWalkMinRows());
        Claimed claimed = new Claimed(limit);
        RowCallbackHandler claim = rs -> claimed.add(rs.getString(1), rs.getBytes(2), version);
        String next;
        if (HeapWalk.physical(cursor)) {
            Pages pages = HeapWalk.pages(cursor);
            if (pages.from() >= pages.end()) {
                return Batch.EMPTY;
            }
            long until = pages.until(limit);
            jdbc.query(CLAIM_PAGES, claim, Pages.tid(pages.from()), Pages.tid(until), version);
            next = Pages.cursor(until, pages.end());
        } else {
            jdbc.query(CLAIM_KEYS, claim, version, HeapWalk.key(cursor), limit);
            if (claimed.last == null) {
                return Batch.EMPTY;
            }
            next = "k" + claimed.last;
        }
        if (!claimed.ids.isEmpty()) {
            SetUpdates.write(jdbc, WRITE, claimed.target, "text", claimed.ids.toArray(), claimed.blobs);
        }
        return new Batch(claimed.ids.size() + claimed.failed, claimed.ids.size(), claimed.failed, next);
    }

    /** The rows of one batch, re-wrapped in memory. */
    private final class Claimed {
        final List<String> ids;
        final List<byte[]> blobs;
        String last;
        int failed;
        int target;

        Claimed(int limit) {
            ids = new ArrayList<>(limit);
            blobs = new ArrayList<>(limit);
        }

        void add(String id, byte[] sealed, int version) {
            last = id;
            try {
                SealedCard moved = vault.rewrap(CardRef.of(id), SealedCard.fromBytes(sealed));
                target = moved.kekVersion();
                ids.add(id);
                blobs.add(moved.toBytes());
            } catch (DecryptionFailedException e) {
                failed++;
                log.error("card {} does not open under kek-v{} and cannot be re-wrapped; it stays as it is", id,
                        version);
            }
        }
    }
}
