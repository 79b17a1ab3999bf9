package io.tokengate.gateway.keys;

import io.tokengate.vault.token.RandomIds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Resolves the key-store password from the environment, a file, or (development) a generated file. */
final class KeyStorePassword {

    private static final Logger log = LoggerFactory.getLogger(KeyStorePassword.class);

    private KeyStorePassword() {
    }

    static char[] resolve(VaultProperties props, Path keystore) {
        if (props.keystorePassword() != null && !props.keystorePassword().isBlank()) {
            return props.keystorePassword().toCharArray();
        }
        Path file = props.keystorePasswordFile() != null && !props.keystorePasswordFile().isBlank()
                ? Path.of(props.keystorePasswordFile())
                : keystore.resolveSibling(keystore.getFileName() + ".password");
        if (Files.isReadable(file)) {
            return read(file);
        }
        if (!props.createIfMissing() || Files.exists(keystore)) {
            throw new IllegalStateException("No key-store password: set TOKENGATE_KEYSTORE_PASSWORD or "
                    + "TOKENGATE_KEYSTORE_PASSWORD_FILE (looked for " + file.toAbsolutePath() + ").");
        }
        String generated = RandomIds.generate("ksp_", 256);
        write(file, generated);
        log.warn("""

                ************************************************************************
                * DEVELOPMENT MODE: no key-store password was configured, so one was
                * GENERATED and written to {} (mode 600).
                * Production must set TOKENGATE_KEYSTORE_PASSWORD or ..._PASSWORD_FILE.
                ************************************************************************""", file.toAbsolutePath());
        return generated.toCharArray();
    }

    private static char[] read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip().toCharArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the key-store password file " + file, e);
        }
    }

    private static void write(Path file, String password) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Files.writeString(file, password + System.lineSeparator(), StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // Not POSIX: the file is as private as its directory.
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the generated key-store password to " + file, e);
        }
    }
}
