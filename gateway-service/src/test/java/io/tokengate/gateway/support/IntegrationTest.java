package io.tokengate.gateway.support;

import io.tokengate.db.testing.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the tests that run the whole gateway: real HTTP on a random port, the real migrations
 * on a real PostgreSQL (see {@link TestDatabase}), a real key store in a temporary directory.
 * Every subclass shares one application context, so the suite boots the gateway once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class IntegrationTest {

    public static final String ADMIN_USER = "admin";
    public static final String ADMIN_PASSWORD = "admin-test-password-1";
    private static final Path KEY_DIR = createKeyDir();

    @LocalServerPort
    protected int port;

    @DynamicPropertySource
    static void gatewayProperties(DynamicPropertyRegistry registry) {
        TestDatabase db = TestDatabase.get();
        registry.add("spring.datasource.url", db::jdbcUrl);
        registry.add("spring.datasource.username", db::username);
        registry.add("spring.datasource.password", () -> db.password() == null ? "" : db.password());
        registry.add("tokengate.vault.keystore-path", () -> KEY_DIR.resolve("keys.bcfks").toString());
        registry.add("tokengate.vault.keystore-password", () -> "test-keystore-password");
        registry.add("tokengate.vault.create-if-missing", () -> "true");
        registry.add("tokengate.ops.bootstrap-admin.username", () -> ADMIN_USER);
        registry.add("tokengate.ops.bootstrap-admin.password", () -> ADMIN_PASSWORD);
        registry.add("tokengate.ops.bootstrap-admin.generate-if-missing", () -> "false");
        registry.add("tokengate.audit.seal-interval", () -> "1h");
    }

    protected HttpTestClient http() {
        return new HttpTestClient("http://localhost:" + port);
    }

    /**
     * A client whose requests come from another loopback address (127.0.0.0/8 all reach this
     * host), so tests of per-address rules (throttling, ACL networks) do not affect each other.
     */
    protected HttpTestClient httpFrom(String loopbackAddress) {
        try {
            return new HttpTestClient("http://127.0.0.1:" + port, java.net.InetAddress.getByName(loopbackAddress));
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(loopbackAddress, e);
        }
    }

    /** A client authenticated as the bootstrap ops admin. */
    protected HttpTestClient ops() {
        return http().basic(ADMIN_USER, ADMIN_PASSWORD);
    }

    protected OpsFixture fixture() {
        return new OpsFixture(ops(), this::http);
    }

    protected static Path keyDir() {
        return KEY_DIR;
    }

    private static Path createKeyDir() {
        try {
            Path dir = Files.createTempDirectory("tokengate-keys-");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
