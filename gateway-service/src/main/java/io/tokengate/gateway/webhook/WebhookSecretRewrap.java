package io.tokengate.gateway.webhook;

import io.tokengate.gateway.keys.KekBoundData;
import io.tokengate.vault.DecryptionFailedException;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Endpoint signing secrets as KEK-bound data, so key rotation re-wraps them and a KEK version is
 * never destroyed while a secret still needs it (disabled endpoints included: their delivery log
 * stays readable, and counting them keeps the rule simple). {@code secret_kek_version} is generated
 * from the blob. The delivery worker never locks endpoint rows, and the hot-path outbox statement
 * only reads them, so the claim's {@code NO KEY} lock delays nobody.
 */
@Component
@Order(3)
class WebhookSecretRewrap implements KekBoundData {

    static final String NAME = "webhook_secrets";
    private static final Logger log = LoggerFactory.getLogger(WebhookSecretRewrap.class);

    private static final String CLAIM = """
            SELECT id, secret_sealed FROM webhook_endpoints
            WHERE secret_kek_version = ? AND id > ?
            ORDER BY id LIMIT ?
            FOR NO KEY UPDATE SKIP LOCKED""";
    private static final String WRITE = """
            UPDATE webhook_endpoints e SET secret_sealed = u.sealed
            FROM unnest(?::text[], ?::bytea[]) AS u(id, sealed)
            WHERE e.id = u.id""";

    private final JdbcTemplate jdbc;
    private final WebhookSecrets secrets;

    WebhookSecretRewrap(JdbcTemplate jdbc, WebhookSecrets secrets) {
        this.jdbc = jdbc;
        this.secrets = secrets;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public long countUsing(int version) {
        return jdbc.queryForObject("SELECT count(*) FROM webhook_endpoints WHERE secret_kek_version = ?",
                Long.class, version);
    }

    @Override
    public long countOlderThan(int version) {
        return jdbc.queryForObject("SELECT count(*) FROM webhook_endpoints WHERE secret_kek_version < ?",
                Long.class, version);
    }

    @Override
    public Map<Integer, Long> countByVersion() {
        Map<Integer, Long> counts = new HashMap<>();
        jdbc.query("SELECT secret_kek_version, count(*) FROM webhook_endpoints GROUP BY secret_kek_version",
                rs -> {
                    counts.put(rs.getInt(1), rs.getLong(2));
                });
        return counts;
    }

    @Override
    public Batch rewrapBatch(int version, String afterKey, int limit) {
        List<String> ids = new ArrayList<>(limit);
        List<byte[]> blobs = new ArrayList<>(limit);
        String[] last = {null};
        int[] failed = {0};
        jdbc.query(CLAIM, rs -> {
            String id = rs.getString(1);
            last[0] = id;
            try {
                blobs.add(secrets.rewrap(id, rs.getBytes(2)));
                ids.add(id);
            } catch (DecryptionFailedException e) {
                failed[0]++;
                log.error("the signing secret of webhook endpoint {} does not open under kek-v{} and cannot be "
                        + "re-wrapped; it stays as it is", id, version);
            }
        }, version, afterKey == null ? "" : afterKey, limit);
        if (last[0] == null) {
            return Batch.EMPTY;
        }
        if (!ids.isEmpty()) {
            jdbc.update(con -> {
                PreparedStatement ps = con.prepareStatement(WRITE);
                ps.setArray(1, con.createArrayOf("text", ids.toArray()));
                ps.setArray(2, con.createArrayOf("bytea", blobs.toArray(new byte[0][])));
                return ps;
            });
        }
        return new Batch(ids.size() + failed[0], ids.size(), failed[0], last[0]);
    }
}
