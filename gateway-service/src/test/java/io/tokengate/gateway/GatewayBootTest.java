package io.tokengate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokengate.gateway.support.IntegrationTest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

class GatewayBootTest extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void bootWhenDatabaseEmptyThenMigrationsApplied() {
        Integer applied = jdbc.sql("SELECT count(*) FROM flyway_schema_history WHERE success").query(Integer.class).single();
        assertThat(applied).isPositive();
        assertThat(jdbc.sql("SELECT to_regclass('public.tokens') IS NOT NULL").query(Boolean.class).single()).isTrue();
    }

    @Test
    void healthWhenBootedThenUp() {
        HttpResponse<String> health = http().get("/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"");
    }

    @Test
    void prometheusWhenScrapedThenExposesJvmAndHttpMetrics() {
        http().get("/actuator/health");
        HttpResponse<String> metrics = http().get("/actuator/prometheus");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("jvm_memory_used_bytes").contains("hikaricp_connections");
    }

    @Test
    void unknownPathWhenCalledThenNotServedAnonymously() {
        HttpResponse<String> response = http().get("/v1/nothing-here");
        assertThat(response.statusCode()).isIn(401, 403, 404);
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("at io.tokengate");
    }
}
