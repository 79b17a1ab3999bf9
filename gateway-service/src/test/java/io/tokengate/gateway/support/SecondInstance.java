package io.tokengate.gateway.support;

import io.tokengate.db.testing.TestDatabase;
import io.tokengate.gateway.GatewayApplication;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Another gateway instance on the test database and key store of {@link IntegrationTest}'s shared
 * one, on its own random port: what a scale-out deployment runs. Close it when done.
 */
public final class SecondInstance {

    private SecondInstance() {
    }

    /** Starts it; {@code overrides} are extra or replacing Spring properties. */
    public static ConfigurableApplicationContext start(Map<String, String> overrides) {
        TestDatabase db = TestDatabase.get();
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("server.port", "0");
        properties.put("spring.main.banner-mode", "off");
        properties.put("spring.jmx.enabled", "false");
        properties.put("spring.datasource.url", db.jdbcUrl());
        properties.put("spring.datasource.username", db.username());
        properties.put("spring.datasource.password", db.password() == null ? "" : db.password());
        properties.put("spring.datasource.hikari.maximum-pool-size", "4");
        properties.put("tokengate.vault.keystore-path", IntegrationTest.keyDir().resolve("keys.bcfks").toString());
        properties.put("tokengate.vault.keystore-password", "test-keystore-password");
        properties.put("tokengate.vault.create-if-missing", "false");
        properties.put("tokengate.ops.bootstrap-admin.username", IntegrationTest.ADMIN_USER);
        properties.put("tokengate.ops.bootstrap-admin.password", IntegrationTest.ADMIN_PASSWORD);
        properties.put("tokengate.ops.bootstrap-admin.generate-if-missing", "false");
        properties.put("tokengate.audit.seal-interval", "1h");
        properties.putAll(overrides);
        // As command-line arguments: they outrank application.yml, as the test's own properties do.
        return new SpringApplicationBuilder(GatewayApplication.class)
                .run(properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                        .toArray(String[]::new));
    }

    public static String baseUrl(ConfigurableApplicationContext instance) {
        return "http://localhost:" + ((WebServerApplicationContext) instance).getWebServer().getPort();
    }
}
