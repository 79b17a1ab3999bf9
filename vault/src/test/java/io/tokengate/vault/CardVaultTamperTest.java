package io.tokengate.vault;

import static io.tokengate.vault.TestCards.aCard;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokengate.vault.card.CardPayload;
import java.nio.file.Path;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way of altering a sealed card must end in the one generic {@link DecryptionFailedException}.
 * In the spirit of Tink's {@code KmsEnvelopeAeadTest}. The ring holds two KEK versions, so a
 * version field pointing at another real KEK is covered too.
 */
class CardVaultTamperTest {

    @TempDir
    static Path dir;

    private static KeyRing ring;
    private static CardVault vault;
    private static final CardRef REF = CardRef.of("card_tamper1");
    private static final CardRef OTHER_REF = CardRef.of("card_tamper2");

    @BeforeAll
    static void openRing() {
        ring = TestCards.newRing(dir);
        ring.rotate();
        vault = new CardVault(ring, TestCards.NOW);
    }

    @AfterAll
    static void closeRing() {
        ring.close();
    }

    @Test
    void openWhenEveryBytePositionFlippedThenDecryptionFailed() {
        byte[] blob = vault.seal(REF, aCard().build()).toBytes();
        for (int i = 0; i < blob.length; i++) {
            for (int mask : new int[] {0x01, 0x80, 0xff}) {
                byte[] bad = blob.clone();
                bad[i] ^= (byte) mask;
                assertFails(() -> vault.open(REF, SealedCard.fromBytes(bad)));
            }
        }
    }

    @Test
    void openWhenTruncatedAtEveryLengthThenDecryptionFailed() {
        byte[] blob = vault.seal(REF, aCard().build()).toBytes();
        for (int n = 0; n < blob.length; n++) {
            byte[] cut = java.util.Arrays.copyOf(blob, n);
            assertFails(() -> vault.open(REF, SealedCard.fromBytes(cut)));
        }
    }

    @Test
    void openWhenBytesAppendedThenDecryptionFailed() {
        byte[] blob = vault.seal(REF, aCard().build()).toBytes();
        for (int extra = 1; extra <= 17; extra++) {
            byte[] longer = java.util.Arrays.copyOf(blob, blob.length + extra);
            assertFails(() -> vault.open(REF, SealedCard.fromBytes(longer)));
        }
    }

    @Test
    void openWhenWrappedKeyLengthPrefixChangedThenDecryptionFailed() {
        byte[] blob = vault.seal(REF, aCard().build()).toBytes();
        for (int length : new int[] {0, 8, 32, 39, 41, 48, 0x0128, 0xffff}) {
            byte[] bad = blob.clone();
            bad[SealedCard.WRAPPED_LENGTH_OFFSET] = (byte) (length >>> 8);
            bad[SealedCard.WRAPPED_LENGTH_OFFSET + 1] = (byte) length;
            assertFails(() -> vault.open(REF, SealedCard.fromBytes(bad)));
        }
    }

    @Test
    void openWhenFormatByteIsAnyOtherValueThenDecryptionFailed() {
        byte[] blob = vault.seal(REF, aCard().build()).toBytes();
        for (int format = 0; format < 256; format++) {
            if (format == SealedCard.FORMAT_V1) {
                continue;
            }
            byte[] bad = blob.clone();
            bad[0] = (byte) format;
            assertFails(() -> vault.open(REF, SealedCard.fromBytes(bad)));
        }
    }

    @Test
    void openWhenKekVersionFieldNamesAnotherRealKekThenDecryptionFailed() {
        SealedCard sealed = vault.seal(REF, aCard().build());
        assertThat(sealed.kekVersion()).isEqualTo(2);
        for (int version : new int[] {1, 3, 0, -1, Integer.MAX_VALUE, 0x0100_0002}) {
            byte[] bad = sealed.toBytes();
            writeInt(bad, SealedCard.VERSION_OFFSET, version);
            assertFails(() -> vault.open(REF, SealedCard.fromBytes(bad)));
        }
    }

    @Test
    void openWhenOtherCardRefThenDecryptionFailed() {
        SealedCard sealed = vault.seal(REF, aCard().build());
        assertFails(() -> vault.open(OTHER_REF, sealed));
        assertFails(() -> vault.open(CardRef.of("card_tamper1x"), sealed));
        assertFails(() -> vault.open(CardRef.of("card_tamper"), sealed));
    }

    @Test
    void openWhenWrappedKeysSwappedBetweenTwoCardsThenDecryptionFailed() {
        byte[] a = vault.seal(REF, aCard().build()).toBytes();
        byte[] b = vault.seal(OTHER_REF, aCard().pan(TestCards.MASTERCARD).build()).toBytes();
        byte[] aWithBKey = a.clone();
        System.arraycopy(b, SealedCard.WRAPPED_OFFSET, aWithBKey, SealedCard.WRAPPED_OFFSET, SealedCard.WRAPPED_DEK_BYTES);
        assertFails(() -> vault.open(REF, SealedCard.fromBytes(aWithBKey)));
        assertFails(() -> vault.open(OTHER_REF, SealedCard.fromBytes(aWithBKey)));
    }

    @Test
    void openWhenCiphertextMovedToAnotherRowThenDecryptionFailed() {
        // Same card sealed for two rows: the blobs have equal sizes, so a splice is well-formed.
        byte[] a = vault.seal(REF, aCard().build()).toBytes();
        byte[] b = vault.seal(OTHER_REF, aCard().build()).toBytes();
        byte[] spliced = b.clone();
        System.arraycopy(a, SealedCard.NONCE_OFFSET, spliced, SealedCard.NONCE_OFFSET, a.length - SealedCard.NONCE_OFFSET);
        assertFails(() -> vault.open(OTHER_REF, SealedCard.fromBytes(spliced)));
        assertFails(() -> vault.open(REF, SealedCard.fromBytes(spliced)));
        assertThat(vault.open(REF, SealedCard.fromBytes(a))).isEqualTo(aCard().build());
    }

    @Test
    void openWhenNonceOrTagZeroedThenDecryptionFailed() {
        byte[] blob = vault.seal(REF, aCard().build()).toBytes();
        byte[] noNonce = blob.clone();
        java.util.Arrays.fill(noNonce, SealedCard.NONCE_OFFSET, SealedCard.CIPHERTEXT_OFFSET, (byte) 0);
        byte[] noTag = blob.clone();
        java.util.Arrays.fill(noTag, blob.length - AesGcm.TAG_BYTES, blob.length, (byte) 0);
        assertFails(() -> vault.open(REF, SealedCard.fromBytes(noNonce)));
        assertFails(() -> vault.open(REF, SealedCard.fromBytes(noTag)));
    }

    @Test
    void rewrapWhenTamperedOrMisfiledThenDecryptionFailed() {
        byte[] blob = vault.seal(REF, aCard().build()).toBytes();
        writeInt(blob, SealedCard.VERSION_OFFSET, 1);
        assertFails(() -> vault.rewrap(REF, SealedCard.fromBytes(blob)));
    }

    @Test
    void decryptionFailureWhenAnyCauseThenSameMessageNoCauseNoCardData() {
        CardPayload card = aCard().build();
        byte[] blob = vault.seal(REF, card).toBytes();
        blob[blob.length - 1] ^= 1;
        assertThatThrownBy(() -> vault.open(REF, SealedCard.fromBytes(blob)))
                .isInstanceOf(DecryptionFailedException.class)
                .hasMessage("card decryption failed")
                .hasNoCause()
                .satisfies(e -> assertThat(e.toString()).doesNotContain("4242").doesNotContain("Jane"));
    }

    private static void assertFails(ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOf(DecryptionFailedException.class)
                .hasMessage(DecryptionFailedException.MESSAGE).hasNoCause();
    }

    private static void writeInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }
}
