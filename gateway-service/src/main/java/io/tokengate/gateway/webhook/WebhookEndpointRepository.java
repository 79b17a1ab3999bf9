package io.tokengate.gateway.webhook;

import io.tokengate.gateway.web.Rows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Single statements on {@code webhook_endpoints}; every read is scoped to its merchant. */
@Repository
class WebhookEndpointRepository {

    private static final String COLUMNS = "id, seq, merchant_id, url, events, description, enabled, created_at, "
            + "disabled_at";

    private final JdbcClient jdbc;

    WebhookEndpointRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Serializes endpoint creation per merchant (the cap), without locking the merchant row. */
    void lockMerchant(String merchantId) {
        jdbc.sql("SELECT true FROM pg_advisory_xact_lock(hashtextextended('webhook_endpoints:' || ?, 0))")
                .param(merchantId).query(Boolean.class).single();
    }

    int countEnabled(String merchantId) {
        return jdbc.sql("SELECT count(*) FROM webhook_endpoints WHERE merchant_id = ? AND enabled")
                .param(merchantId).query(Integer.class).single();
    }

    WebhookEndpoint insert(String id, String merchantId, String url, List<String> events, String description,
                           byte[] secretSealed) {
        return jdbc.sql("INSERT INTO webhook_endpoints (id, merchant_id, url, events, description, secret_sealed) "
                        + "VALUES (?, ?, ?, ?::text[], ?, ?) RETURNING " + COLUMNS)
                .params(id, merchantId, url, events.toArray(String[]::new), description, secretSealed)
                .query(WebhookEndpointRepository::map).single();
    }

    Optional<WebhookEndpoint> find(String merchantId, String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM webhook_endpoints WHERE merchant_id = ? AND id = ?")
                .params(merchantId, id).query(WebhookEndpointRepository::map).optional();
    }

    /** Newest first, after the endpoint with {@code beforeSeq} when given. */
    List<WebhookEndpoint> page(String merchantId, Long beforeSeq, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM webhook_endpoints WHERE merchant_id = ? "
                        + "AND (?::bigint IS NULL OR seq < ?) ORDER BY seq DESC LIMIT ?")
                .params(merchantId, beforeSeq, beforeSeq, limit).query(WebhookEndpointRepository::map).list();
    }

    /** Disables an enabled endpoint; true when this call disabled it. */
    boolean disable(String merchantId, String id) {
        return jdbc.sql("UPDATE webhook_endpoints SET enabled = false, disabled_at = now() "
                        + "WHERE merchant_id = ? AND id = ? AND enabled")
                .params(merchantId, id).update() == 1;
    }

    static WebhookEndpoint map(ResultSet rs, int row) throws SQLException {
        return new WebhookEndpoint(rs.getString("id"), rs.getLong("seq"), rs.getString("merchant_id"),
                rs.getString("url"), Rows.strings(rs, "events"), rs.getString("description"), rs.getBoolean("enabled"),
                Rows.instant(rs, "created_at"), Rows.instant(rs, "disabled_at"));
    }
}
