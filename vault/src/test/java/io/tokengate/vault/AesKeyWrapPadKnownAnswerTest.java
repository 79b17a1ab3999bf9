package io.tokengate.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Known answers for the vault's key-wrap primitive: the two examples of RFC 5649 section 6 (a
 * 192-bit KEK wrapping 20 and 7 bytes), run through the production configuration (Bouncy Castle's
 * RFC 5649 engine over the JDK's AES) and through Bouncy Castle's own AES for comparison.
 */
class AesKeyWrapPadKnownAnswerTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final String KEK = "5840df6e29b02af1ab493b705bf16ea1ae8338f4dcc176a8";

    static Stream<Arguments> vectors() {
        Function<byte[], AesKeyWrapPad> production = AesKeyWrapPad::new;
        Function<byte[], AesKeyWrapPad> pureBc = AesKeyWrapPad::withBouncyCastleAes;
        return Stream.of(production, pureBc).flatMap(make -> Stream.of(
                Arguments.of(make, "c37b7e6492584340bed12207808941155068f738",
                        "138bdeaa9b8fa7fc61f97742e72248ee5ae6ae5360d1ae6a5f54f373fa543b6a"),
                Arguments.of(make, "466f7250617369", "afbeb0f07dfbf5419200f2ccb50bb24f")));
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void wrapWhenRfc5649ExampleThenKnownOutput(Function<byte[], AesKeyWrapPad> make, String key, String wrapped) {
        assertThat(HEX.formatHex(make.apply(HEX.parseHex(KEK)).wrap(HEX.parseHex(key)))).isEqualTo(wrapped);
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void unwrapWhenRfc5649ExampleThenKnownKey(Function<byte[], AesKeyWrapPad> make, String key, String wrapped)
            throws GeneralSecurityException {
        assertThat(HEX.formatHex(make.apply(HEX.parseHex(KEK)).unwrap(HEX.parseHex(wrapped)))).isEqualTo(key);
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void unwrapWhenAnyByteFlippedThenFails(Function<byte[], AesKeyWrapPad> make, String key, String wrapped) {
        AesKeyWrapPad kwp = make.apply(HEX.parseHex(KEK));
        for (int i = 0; i < wrapped.length() / 2; i++) {
            byte[] bad = HEX.parseHex(wrapped);
            bad[i] ^= 0x01;
            assertThatThrownBy(() -> kwp.unwrap(bad)).isInstanceOf(GeneralSecurityException.class);
        }
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void unwrapWhenOtherKekThenFails(Function<byte[], AesKeyWrapPad> make, String key, String wrapped) {
        byte[] otherKek = HEX.parseHex(KEK);
        otherKek[0] ^= 0x01;
        assertThatThrownBy(() -> make.apply(otherKek).unwrap(HEX.parseHex(wrapped)))
                .isInstanceOf(GeneralSecurityException.class);
    }
}
