package io.tokengate.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValueVaultTest {

    private static final byte[] BINDING = "row-1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] VALUE = "tok_4eC39HqLyjWDarjtT1zdp7dc".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    private KeyRing ring;
    private ValueVault values;

    @BeforeEach
    void openRing() {
        ring = TestCards.newRing(dir);
        values = new ValueVault(ring);
    }

    @AfterEach
    void closeRing() {
        ring.close();
    }

    @Test
    void openWhenSameContextAndBindingThenValueBack() {
        byte[] sealed = values.seal("token", BINDING, VALUE);
        assertThat(values.open("token", BINDING, sealed)).isEqualTo(VALUE);
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("tok_");
        assertThat(values.seal("token", BINDING, VALUE)).isNotEqualTo(sealed);
    }

    @Test
    void openWhenOtherBindingOrContextThenGenericFailure() {
        byte[] sealed = values.seal("token", BINDING, VALUE);
        assertThatThrownBy(() -> values.open("token", "row-2".getBytes(StandardCharsets.US_ASCII), sealed))
                .isInstanceOf(DecryptionFailedException.class);
        assertThatThrownBy(() -> values.open("secret", BINDING, sealed))
                .isInstanceOf(DecryptionFailedException.class);
    }

    @Test
    void openWhenAnyBitFlippedOrTruncatedThenGenericFailure() {
        byte[] sealed = values.seal("token", BINDING, VALUE);
        for (int i = 0; i < sealed.length; i++) {
            byte[] tampered = sealed.clone();
            tampered[i] ^= 0x01;
            assertThatThrownBy(() -> values.open("token", BINDING, tampered)).as("byte %d", i)
                    .isInstanceOf(DecryptionFailedException.class);
        }
        for (int length = 0; length < sealed.length; length++) {
            byte[] truncated = Arrays.copyOf(sealed, length);
            assertThatThrownBy(() -> values.open("token", BINDING, truncated)).as("length %d", length)
                    .isInstanceOf(DecryptionFailedException.class);
        }
    }

    @Test
    void rewrapWhenOlderVersionThenCurrentVersionAndStillOpensAndNoOpWhenCurrent() {
        byte[] old = values.seal("token", BINDING, VALUE);
        assertThat(ValueVault.kekVersion(old)).isEqualTo(1);
        ring.rotate();
        byte[] moved = values.rewrap("token", BINDING, old);
        assertThat(ValueVault.kekVersion(moved)).isEqualTo(2);
        assertThat(values.open("token", BINDING, moved)).isEqualTo(VALUE);
        assertThat(values.rewrap("token", BINDING, moved)).isSameAs(moved);
        ring.destroyKekVersion(1, 0);
        assertThatThrownBy(() -> values.open("token", BINDING, old)).isInstanceOf(DecryptionFailedException.class);
        assertThat(values.open("token", BINDING, moved)).isEqualTo(VALUE);
    }

    @Test
    void sealWhenValueEmptyOrTooLongThenRefused() {
        assertThatThrownBy(() -> values.seal("token", BINDING, new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> values.seal("token", BINDING, new byte[ValueVault.MAX_VALUE_BYTES + 1]))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
