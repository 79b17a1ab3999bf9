package io.tokengate.vault;

import static io.tokengate.vault.TestCards.PASSWORD;
import static io.tokengate.vault.TestCards.aCard;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.tokengate.vault.card.CardPayload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class KeyRingTest {

    @TempDir
    Path dir;

    @Test
    void openOrCreateWhenMissingAndAllowedThenCreatesAndWarnsLoudly() {
        Logger logger = (Logger) LoggerFactory.getLogger(KeyRing.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        Path path = dir.resolve("nested/keys.bcfks");
        try (KeyRing ring = KeyRing.openOrCreate(path, PASSWORD, true)) {
            assertThat(Files.exists(path)).isTrue();
            assertThat(ring.currentKekVersion()).isEqualTo(1);
            assertThat(ring.kekVersions()).containsExactly(1);
        } finally {
            logger.detachAppender(appender);
        }
        List<String> warnings = appender.list.stream().filter(e -> e.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(warnings).hasSizeGreaterThanOrEqualTo(5);
        String all = String.join("\n", warnings);
        assertThat(all).contains("GENERATED").contains(path.toAbsolutePath().toString())
                .contains("PRODUCTION MUST PROVIDE ITS OWN KEY STORE")
                .doesNotContain(new String(PASSWORD));
    }

    @Test
    void openOrCreateWhenMissingAndNotAllowedThenStoreMissingAndNothingCreated() {
        Path path = dir.resolve("keys.bcfks");
        assertThatThrownBy(() -> KeyRing.openOrCreate(path, PASSWORD, false))
                .isInstanceOfSatisfying(KeyRingException.class,
                        e -> assertThat(e.reason()).isEqualTo(KeyRingException.Reason.STORE_MISSING))
                .hasMessageContaining(path.toString()).hasMessageContaining("provide the key store");
        assertThat(Files.exists(path)).isFalse();
        assertThatThrownBy(() -> KeyRing.open(path, PASSWORD))
                .isInstanceOfSatisfying(KeyRingException.class,
                        e -> assertThat(e.reason()).isEqualTo(KeyRingException.Reason.STORE_MISSING));
    }

    @Test
    void openWhenWrongPasswordThenStoreUnreadableWithoutSecrets() {
        TestCards.newRing(dir).close();
        char[] wrong = "not the password".toCharArray();
        assertThatThrownBy(() -> KeyRing.open(dir.resolve("vault-keys.bcfks"), wrong))
                .isInstanceOfSatisfying(KeyRingException.class,
                        e -> assertThat(e.reason()).isEqualTo(KeyRingException.Reason.STORE_UNREADABLE))
                .hasMessageContaining("wrong password or damaged file")
                .hasMessageNotContaining("not the password")
                .hasMessageNotContaining(new String(PASSWORD));
    }

    @Test
    void openWhenFileIsNotAKeyStoreThenStoreUnreadable() throws Exception {
        Path path = dir.resolve("garbage.bcfks");
        Files.write(path, new byte[] {1, 2, 3, 4, 5});
        assertThatThrownBy(() -> KeyRing.open(path, PASSWORD))
                .isInstanceOfSatisfying(KeyRingException.class,
                        e -> assertThat(e.reason()).isEqualTo(KeyRingException.Reason.STORE_UNREADABLE));
    }

    @Test
    void openWhenStoreLacksVaultKeysThenStoreInvalid() throws Exception {
        Path path = dir.resolve("partial.bcfks");
        KeyStore store = KeyStoreFile.newStore();
        KeyStoreFile.addRandomSecret(store, "kek-v1", "AES", 32, PASSWORD);
        KeyStoreFile.write(store, path, PASSWORD);
        assertThatThrownBy(() -> KeyRing.open(path, PASSWORD))
                .isInstanceOfSatisfying(KeyRingException.class,
                        e -> assertThat(e.reason()).isEqualTo(KeyRingException.Reason.STORE_INVALID))
                .hasMessageContaining("fingerprint-hmac");
    }

    @Test
    void openWhenEmptyPasswordThenRefused() {
        assertThatThrownBy(() -> KeyRing.openOrCreate(dir.resolve("k.bcfks"), new char[0], true))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void openWhenReopenedFromDiskThenSameKeysOpenSameCards() {
        CardRef ref = CardRef.of("card_reopen");
        CardPayload card = aCard().build();
        byte[] stored;
        String fingerprint;
        String lookup;
        try (KeyRing ring = TestCards.newRing(dir)) {
            CardVault vault = new CardVault(ring, TestCards.NOW);
            stored = vault.seal(ref, card).toBytes();
            fingerprint = vault.fingerprint(card.pan()).toHex();
            lookup = vault.lookupHashHex("tok_reopen");
        }
        try (KeyRing reopened = KeyRing.open(dir.resolve("vault-keys.bcfks"), PASSWORD)) {
            CardVault vault = new CardVault(reopened, TestCards.NOW);
            assertThat(vault.open(ref, SealedCard.fromBytes(stored))).isEqualTo(card);
            assertThat(vault.fingerprint(card.pan()).toHex()).isEqualTo(fingerprint);
            assertThat(vault.lookupHashHex("tok_reopen")).isEqualTo(lookup);
        }
    }

    @Test
    void openOrCreateWhenFileExistsThenOpensWithoutRegenerating() {
        String fingerprint;
        try (KeyRing ring = TestCards.newRing(dir)) {
            fingerprint = new CardVault(ring, TestCards.NOW).fingerprint(aCard().build().pan()).toHex();
        }
        try (KeyRing again = TestCards.newRing(dir)) {
            assertThat(new CardVault(again, TestCards.NOW).fingerprint(aCard().build().pan()).toHex()).isEqualTo(fingerprint);
        }
    }

    @Test
    void writeWhenPersistedThenOwnerOnlyAndNoTemporaryFilesLeft() throws Exception {
        try (KeyRing ring = TestCards.newRing(dir)) {
            ring.rotate();
        }
        Path path = dir.resolve("vault-keys.bcfks");
        if (Files.getFileStore(path).supportsFileAttributeView("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path))).isEqualTo("rw-------");
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("vault-keys.bcfks", "vault-keys.bcfks.lock");
        }
    }

    @Test
    void publicApiWhenInspectedThenNoMethodReturnsKeyMaterial() {
        for (Class<?> type : new Class<?>[] {KeyRing.class, CardVault.class, SealedCard.class}) {
            for (java.lang.reflect.Method m : type.getMethods()) {
                assertThat(java.security.Key.class.isAssignableFrom(m.getReturnType()))
                        .as(type.getSimpleName() + "." + m.getName()).isFalse();
                assertThat(java.security.KeyStore.class.isAssignableFrom(m.getReturnType())).isFalse();
                assertThat(m.getReturnType()).isNotEqualTo(char[].class);
            }
        }
    }

    @Test
    void closeWhenClosedThenEveryUseRefusedAndToStringStillSafe() {
        KeyRing ring = TestCards.newRing(dir);
        CardVault vault = new CardVault(ring, TestCards.NOW);
        SealedCard sealed = vault.seal(CardRef.of("card_1"), aCard().build());
        ring.close();
        ring.close();
        assertThatThrownBy(() -> vault.open(CardRef.of("card_1"), sealed)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> vault.seal(CardRef.of("card_1"), aCard().build())).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(ring::rotate).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(ring::currentKekVersion).isInstanceOf(IllegalStateException.class);
        assertThat(ring.toString()).contains("closed");
    }
}
