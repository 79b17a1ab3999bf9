package io.tokengate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokengate.db.testing.TestDatabase;
import io.tokengate.gateway.support.HttpTestClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The first start of a new installation in development: an empty database, no key store, no
 * key-store password and no ops admin password. The gateway must apply the schema, generate all
 * three (files of mode 600) and be usable with the generated admin password.
 */
class FirstStartTest {

    @TempDir
    Path data;

    @Test
    void startWhenNothingConfiguredThenGeneratesKeysPasswordsAndServes() throws Exception {
        TestDatabase empty = TestDatabase.get().another();
        Path keystore = data.resolve("keys.bcfks");
        Path adminFile = data.resolve("ops-admin.password");
        String[] args = {
            "--server.port=0",
            "--spring.datasource.url=" + empty.jdbcUrl(),
            "--spring.datasource.username=" + empty.username(),
            "--spring.datasource.password=" + (empty.password() == null ? "" : empty.password()),
            "--tokengate.vault.keystore-path=" + keystore,
            "--tokengate.vault.keystore-password=",
            "--tokengate.ops.bootstrap-admin.password=",
            "--tokengate.ops.bootstrap-admin.generated-password-file=" + adminFile,
            "--tokengate.audit.seal-interval=1h"};
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(GatewayApplication.class).run(args)) {
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            assertThat(keystore).exists();
            Path keystorePassword = data.resolve("keys.bcfks.password");
            assertThat(keystorePassword).exists();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(adminFile))).isEqualTo("rw-------");
            String adminPassword = Files.readString(adminFile).strip();

            HttpTestClient ops = new HttpTestClient("http://localhost:" + port).basic("admin", adminPassword);
            assertThat(ops.get("/ops/merchants").statusCode()).isEqualTo(200);
            assertThat(new HttpTestClient("http://localhost:" + port).get("/actuator/health").body()).contains("UP");
        }
    }
}
