package io.tokengate.sdk.testing;

import io.tokengate.db.testing.TestDatabase;
import io.tokengate.gateway.GatewayApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The real gateway, started once per test JVM inside it: its own fresh PostgreSQL database (the
 * real migrations, see {@link TestDatabase}), a key store in a temporary directory, a known ops
 * admin, and a random port. Stopped when the JVM exits.
 */
public final class LocalGateway {

    public static final String ADMIN_USER = "admin";
    public static final String ADMIN_PASSWORD = "admin-test-password-1";

    private static volatile LocalGateway shared;

    private final ConfigurableApplicationContext context;
    private final String baseUrl;

    private LocalGateway(ConfigurableApplicationContext context) {
        this.context = context;
        this.baseUrl = "http://localhost:" + context.getEnvironment().getProperty("local.server.port");
    }

    /** The gateway of this JVM, started on first use (a few seconds). */
    public static LocalGateway get() {
        LocalGateway gateway = shared;
        if (gateway == null) {
            synchronized (LocalGateway.class) {
                gateway = shared;
                if (gateway == null) {
                    gateway = start();
                    shared = gateway;
                }
            }
        }
        return gateway;
    }

    /** e.g. {@code http://localhost:41234}. */
    public String baseUrl() {
        return baseUrl;
    }

    /** An ops client authenticated as the bootstrap admin. */
    public OpsApi ops() {
        return new OpsApi(baseUrl, ADMIN_USER, ADMIN_PASSWORD);
    }

    /** A bean of the running gateway, for the few tests that tune a runtime setting. */
    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    private static LocalGateway start() {
        TestDatabase db = TestDatabase.get();
        Path keys = tempDir();
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("server.port", "0");
        props.put("spring.datasource.url", db.jdbcUrl());
        props.put("spring.datasource.username", db.username());
        props.put("spring.datasource.password", db.password() == null ? "" : db.password());
        props.put("spring.datasource.hikari.maximum-pool-size", "8");
        props.put("tokengate.vault.keystore-path", keys.resolve("keys.bcfks").toString());
        props.put("tokengate.vault.keystore-password", "test-keystore-password");
        props.put("tokengate.vault.create-if-missing", "true");
        props.put("tokengate.ops.bootstrap-admin.username", ADMIN_USER);
        props.put("tokengate.ops.bootstrap-admin.password", ADMIN_PASSWORD);
        props.put("tokengate.ops.bootstrap-admin.generate-if-missing", "false");
        // Every test shopper comes from 127.0.0.1: the per-address card-testing limit is not under test here.
        props.put("tokengate.checkout.client-max-attempts", "1000000");
        // Webhooks to a local receiver, delivered promptly.
        props.put("tokengate.webhooks.allow-localhost", "true");
        props.put("tokengate.webhooks.poll-interval", "100ms");
        props.put("tokengate.webhooks.backoff-base", "200ms");
        props.put("spring.main.banner-mode", "off");
        props.put("logging.level.root", "WARN");
        // As command-line arguments: they outrank the gateway's application.yml (builder
        // "properties" are only defaults, which the yml's ${ENV:} placeholders would override).
        String[] args = props.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(GatewayApplication.class).run(args);
        Runtime.getRuntime().addShutdownHook(new Thread(context::close, "local-gateway-stop"));
        return new LocalGateway(context);
    }

    private static Path tempDir() {
        try {
            Path dir = Files.createTempDirectory("tokengate-sdk-keys-");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
