package io.tokengate.vault;

import static io.tokengate.vault.TestCards.PASSWORD;
import static io.tokengate.vault.TestCards.aCard;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokengate.vault.card.CardPayload;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyRotationTest {

    private static final CardRef REF = CardRef.of("card_rot");

    @TempDir
    Path dir;

    private KeyRing ring;
    private CardVault vault;

    @BeforeEach
    void openRing() {
        ring = TestCards.newRing(dir);
        vault = new CardVault(ring, TestCards.NOW);
    }

    @AfterEach
    void closeRing() {
        ring.close();
    }

    @Test
    void rotateWhenCalledThenNewVersionIsCurrentPersistedAndOldCardsStillOpen() {
        SealedCard old = vault.seal(REF, aCard().build());
        String fingerprint = vault.fingerprint(aCard().build().pan()).toHex();

        assertThat(ring.rotate()).isEqualTo(2);

        assertThat(ring.currentKekVersion()).isEqualTo(2);
        assertThat(ring.kekVersions()).containsExactly(1, 2);
        assertThat(vault.seal(REF, aCard().build()).kekVersion()).isEqualTo(2);
        assertThat(vault.open(REF, old)).isEqualTo(aCard().build());
        assertThat(vault.fingerprint(aCard().build().pan()).toHex()).isEqualTo(fingerprint);
        try (KeyRing reopened = KeyRing.open(ring.path(), PASSWORD)) {
            assertThat(reopened.kekVersions()).containsExactly(1, 2);
            assertThat(new CardVault(reopened, TestCards.NOW).open(REF, old)).isEqualTo(aCard().build());
        }
    }

    @Test
    void rewrapWhenOlderVersionThenOnlyWrappedKeyChanges() {
        CardPayload card = aCard().build();
        SealedCard old = vault.seal(REF, card);
        ring.rotate();

        assertThat(vault.isCurrent(old)).isFalse();
        SealedCard moved = vault.rewrap(REF, old);

        byte[] before = old.toBytes();
        byte[] after = moved.toBytes();
        assertThat(moved.kekVersion()).isEqualTo(2);
        assertThat(vault.isCurrent(moved)).isTrue();
        assertThat(after).hasSameSizeAs(before);
        assertThat(Arrays.copyOfRange(after, SealedCard.NONCE_OFFSET, after.length))
                .isEqualTo(Arrays.copyOfRange(before, SealedCard.NONCE_OFFSET, before.length));
        assertThat(Arrays.copyOfRange(after, SealedCard.WRAPPED_OFFSET, SealedCard.NONCE_OFFSET))
                .isNotEqualTo(Arrays.copyOfRange(before, SealedCard.WRAPPED_OFFSET, SealedCard.NONCE_OFFSET));
        assertThat(vault.open(REF, moved)).isEqualTo(card);
    }

    @Test
    void rewrapWhenAlreadyCurrentThenSameObjectReturned() {
        SealedCard sealed = vault.seal(REF, aCard().build());
        assertThat(vault.rewrap(REF, sealed)).isSameAs(sealed);
        ring.rotate();
        SealedCard moved = vault.rewrap(REF, sealed);
        assertThat(vault.rewrap(REF, moved)).isSameAs(moved);
    }

    @Test
    void rewrapWhenOtherRefThenDecryptionFailedEvenThoughUnwrapWorks() {
        SealedCard sealed = vault.seal(REF, aCard().build());
        ring.rotate();
        assertThatThrownBy(() -> vault.rewrap(CardRef.of("card_other"), sealed))
                .isInstanceOf(DecryptionFailedException.class);
    }

    @Test
    void destroyWhenCardsStillUseVersionThenKekInUse() {
        ring.rotate();
        assertThatThrownBy(() -> ring.destroyKekVersion(1, 3))
                .isInstanceOfSatisfying(KeyRingException.class,
                        e -> assertThat(e.reason()).isEqualTo(KeyRingException.Reason.KEK_IN_USE))
                .hasMessageContaining("re-wrap");
        assertThat(ring.kekVersions()).containsExactly(1, 2);
    }

    @Test
    void destroyWhenCurrentVersionThenKekCurrent() {
        assertThatThrownBy(() -> ring.destroyKekVersion(1, 0))
                .isInstanceOfSatisfying(KeyRingException.class,
                        e -> assertThat(e.reason()).isEqualTo(KeyRingException.Reason.KEK_CURRENT));
        assertThat(ring.kekVersions()).containsExactly(1);
    }

    @Test
    void destroyWhenUnknownVersionOrNegativeCountThenRefused() {
        assertThatThrownBy(() -> ring.destroyKekVersion(7, 0))
                .isInstanceOfSatisfying(KeyRingException.class,
                        e -> assertThat(e.reason()).isEqualTo(KeyRingException.Reason.KEK_UNKNOWN));
        assertThatThrownBy(() -> ring.destroyKekVersion(1, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void destroyWhenUnusedThenGoneFromDiskCardsUnderItFailAndVersionNeverReused() {
        SealedCard orphan = vault.seal(REF, aCard().build());
        SealedCard kept = vault.rewrap(REF, vault.seal(REF, aCard().build()));
        ring.rotate();
        kept = vault.rewrap(REF, kept);

        ring.destroyKekVersion(1, 0);

        assertThat(ring.kekVersions()).containsExactly(2);
        assertThatThrownBy(() -> vault.open(REF, orphan)).isInstanceOf(DecryptionFailedException.class);
        assertThat(vault.open(REF, kept)).isEqualTo(aCard().build());
        try (KeyRing reopened = KeyRing.open(ring.path(), PASSWORD)) {
            assertThat(reopened.kekVersions()).containsExactly(2);
        }
        assertThat(ring.rotate()).isEqualTo(3);
        assertThatThrownBy(() -> vault.open(REF, orphan)).isInstanceOf(DecryptionFailedException.class);
    }

    @Test
    void reloadWhenAnotherInstanceRotatedThenNewVersionOpens() {
        try (KeyRing other = KeyRing.open(ring.path(), PASSWORD)) {
            CardVault otherVault = new CardVault(other, TestCards.NOW);
            other.rotate();
            SealedCard underV2 = otherVault.seal(REF, aCard().build());

            assertThatThrownBy(() -> vault.open(REF, underV2)).isInstanceOf(DecryptionFailedException.class);
            ring.reload();
            assertThat(ring.currentKekVersion()).isEqualTo(2);
            assertThat(vault.open(REF, underV2)).isEqualTo(aCard().build());
        }
    }

    @Test
    void rotateWhenAnotherInstanceRotatedFirstThenNoVersionLost() {
        try (KeyRing other = KeyRing.open(ring.path(), PASSWORD)) {
            SealedCard underV2 = new CardVault(other, TestCards.NOW).seal(REF, aCard().build());
            other.rotate();
            SealedCard v2 = new CardVault(other, TestCards.NOW).seal(REF, aCard().build());
            assertThat(ring.rotate()).isEqualTo(3);
            assertThat(ring.kekVersions()).containsExactly(1, 2, 3);
            assertThat(vault.open(REF, v2)).isEqualTo(aCard().build());
            assertThat(vault.open(REF, underV2)).isEqualTo(aCard().build());
        }
    }
}
