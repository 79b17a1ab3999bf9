package io.tokengate.gateway.rotation;

import io.tokengate.gateway.keys.KekBoundData;
import io.tokengate.gateway.keys.KeysProperties;
import io.tokengate.gateway.keys.VaultService;
import io.tokengate.gateway.rotation.HeapWalk.Pages;
import io.tokengate.vault.DecryptionFailedException;
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
 * Sealed token values ({@code tokens.token_sealed}, bound to the token's lookup hash) as KEK-bound
 * data, every status included: revoked tokens are still shown in migration mappings. The version
 * column {@code token_kek_version} is generated from the blob, so it cannot disagree with it.
 * Walked by heap page when many are left, else by id ({@link HeapWalk}).
 *
 * <p>Charges never lock a multi-use token's row, and a single-use token's row only for the short
 * transaction that spends it, which the claim skips; the claim's {@code NO KEY} lock lets a charge
 * insert that references the token go ahead.
 */
@Component
@Order(2)
class TokenValueRewrap implements KekBoundData {

    static final String NAME = "tokens";
    private static final Logger log = LoggerFactory.getLogger(TokenValueRewrap.class);

    private static final String CLAIM_PAGES = """
            SELECT id, lookup_hash, token_sealed FROM tokens
            WHERE ctid >= ?::tid AND ctid < ?::tid AND token_kek_version = ?
            FOR NO KEY UPDATE SKIP LOCKED""";
    private static final String CLAIM_KEYS = """
            SELECT id, lookup_hash, token_sealed FROM tokens
            WHERE token_kek_version = ? AND id > ?
            ORDER BY id LIMIT ?
            FOR NO KEY UPDATE SKIP LOCKED""";
    private static final String WRITE = """
            UPDATE tokens t SET token_sealed = u.sealed
            FROM unnest(?::bigint[], ?::bytea[]) AS u(id, sealed)
            WHERE t.id = u.id""";

    private final JdbcTemplate jdbc;
    private final VaultService vault;
    private final KeysProperties properties;

    TokenValueRewrap(JdbcTemplate jdbc, VaultService vault, KeysProperties properties) {
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
        return jdbc.queryForObject("SELECT count(*) FROM tokens WHERE token_kek_version = ?", Long.class, version);
    }

    @Override
    public long countOlderThan(int version) {
        return jdbc.queryForObject("SELECT count(*) FROM tokens WHERE token_kek_version < ?", Long.class, version);
    }

    @Override
    public Map<Integer, Long> countByVersion() {
        return SetUpdates.countsByVersion(jdbc, "SELECT token_kek_version, count(*) FROM tokens "
                + "WHERE token_kek_version IS NOT NULL GROUP BY token_kek_version");
    }

    @Override
    public Batch rewrapBatch(int version, String afterKey, int limit) {
        String cursor = afterKey != null ? afterKey : HeapWalk.start(jdbc, "tokens", countUsing(version),
                properties.getRewrap().getPhysicalWalkMinRows());
        List<Long> ids = new ArrayList<>(limit);
        List<byte[]> blobs = new ArrayList<>(limit);
        long[] last = {-1};
        int[] failed = {0};
        RowCallbackHandler claim = rs -> {
            long id = rs.getLong(1);
            last[0] = id;
            try {
                blobs.add(vault.rewrapToken(rs.getBytes(3), rs.getBytes(2)));
                ids.add(id);
            } catch (DecryptionFailedException e) {
                failed[0]++;
                log.error("token {} does not open under kek-v{} and cannot be re-wrapped; it stays as it is", id,
                        version);
            }
        };
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
            String key = HeapWalk.key(cursor);
            jdbc.query(CLAIM_KEYS, claim, version, key.isEmpty() ? 0L : Long.parseLong(key), limit);
            if (last[0] < 0) {
                return Batch.EMPTY;
            }
            next = "k" + last[0];
        }
        if (!ids.isEmpty()) {
            SetUpdates.write(jdbc, WRITE, null, "bigint", ids.toArray(), blobs);
        }
        return new Batch(ids.size() + failed[0], ids.size(), failed[0], next);
    }
}
