package io.tokengate.gateway.hostile;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Row counts of the tables that hold business data. Hostile requests must leave them as they
 * were; audit rows, authentication-failure counters, checkout attempt counters and security
 * events may grow (recording an attack is intended), so they are not here.
 */
final class BusinessRows {

    static final List<String> TABLES = List.of("merchants", "merchant_acls", "merchant_currency_limits", "api_keys",
            "ops_users", "cards", "tokens", "charges", "refunds", "idempotency_records", "checkout_sessions",
            "webhook_endpoints", "webhook_events", "incidents", "approvals", "token_migrations", "key_rotations",
            "kek_versions");

    private final JdbcClient jdbc;

    BusinessRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Map<String, Long> count() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : TABLES) {
            counts.put(table, jdbc.sql("SELECT count(*) FROM " + table).query(Long.class).single());
        }
        return counts;
    }
}
