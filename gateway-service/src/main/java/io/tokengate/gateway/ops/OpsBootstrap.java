package io.tokengate.gateway.ops;

import io.tokengate.gateway.audit.Actor;
import io.tokengate.gateway.audit.AuditEntry;
import io.tokengate.gateway.audit.AuditLog;
import io.tokengate.vault.token.RandomIds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Creates the first ops admin when none exists: from {@code TOKENGATE_OPS_ADMIN_USER} and
 * {@code TOKENGATE_OPS_ADMIN_PASSWORD}; failing that (development), with a generated password
 * written to a file beside the key store and a loud warning. Later admins are created through
 * {@code POST /ops/users}.
 */
@Component
class OpsBootstrap {

    private static final Logger log = LoggerFactory.getLogger(OpsBootstrap.class);

    private final OpsUsers users;
    private final AuditLog audit;
    private final TransactionTemplate tx;
    private final String username;
    private final String password;
    private final boolean generate;
    private final Path generatedFile;

    OpsBootstrap(OpsUsers users, AuditLog audit, TransactionTemplate tx,
                 @Value("${tokengate.ops.bootstrap-admin.username:admin}") String username,
                 @Value("${tokengate.ops.bootstrap-admin.password:}") String password,
                 @Value("${tokengate.ops.bootstrap-admin.generate-if-missing:true}") boolean generate,
                 @Value("${tokengate.ops.bootstrap-admin.generated-password-file:./data/ops-admin.password}")
                 Path generatedFile) {
        this.users = users;
        this.audit = audit;
        this.tx = tx;
        this.username = username;
        this.password = password;
        this.generate = generate;
        this.generatedFile = generatedFile;
    }

    @EventListener(ApplicationReadyEvent.class)
    void ensureAdmin() {
        tx.executeWithoutResult(status -> {
            if (users.anyAdmin()) {
                return;
            }
            String secret = password;
            if (secret == null || secret.isBlank()) {
                if (!generate) {
                    log.error("No ops admin exists and TOKENGATE_OPS_ADMIN_PASSWORD is not set: /ops is unusable.");
                    return;
                }
                secret = RandomIds.generate("ops_", 128);
                writeGenerated(secret);
            }
            users.insert(username, secret, "admin", "bootstrap");
            audit.append(AuditEntry.of(Actor.system("ops-bootstrap"), "ops_user.created")
                    .subject("ops_user", username).detail("role", "admin").build());
            log.info("Created the first ops admin '{}'.", username);
        });
    }

    private void writeGenerated(String secret) {
        try {
            Files.createDirectories(generatedFile.toAbsolutePath().getParent());
            Files.writeString(generatedFile, secret + System.lineSeparator(), StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(generatedFile, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // Not a POSIX file system; the file is still only as readable as its directory.
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the generated ops admin password", e);
        }
        log.warn("""

                ************************************************************************
                * DEVELOPMENT MODE: no ops admin existed and TOKENGATE_OPS_ADMIN_PASSWORD
                * was not set, so an admin '{}' was created with a GENERATED password,
                * written to {} (mode 600).
                * In production set TOKENGATE_OPS_ADMIN_USER / TOKENGATE_OPS_ADMIN_PASSWORD.
                ************************************************************************""",
                username, generatedFile.toAbsolutePath());
    }
}
