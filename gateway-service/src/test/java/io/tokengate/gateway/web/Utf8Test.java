package io.tokengate.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link Utf8#valid} must accept exactly what the JDK's strict UTF-8 decoder accepts (which the
 * body check used before it became a byte scan): compared on every one- and two-byte input, on
 * three- and four-byte inputs with every lead and second byte and the third and fourth around every
 * range boundary, and on random mixtures placed at every offset of the eight-byte ASCII fast path.
 */
class Utf8Test {

    /** Bytes either side of every range boundary a continuation byte or a lead can fall on. */
    private static final int[] TAILS = {0x00, 0x41, 0x7f, 0x80, 0x81, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc2,
            0xe0, 0xf0, 0xff};

    private final CharsetDecoder jdk = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);

    @Test
    void validWhenEveryShortInputThenAgreesWithTheJdkDecoder() {
        for (int a = 0; a < 256; a++) {
            same(new byte[] {(byte) a});
            for (int b = 0; b < 256; b++) {
                same(new byte[] {(byte) a, (byte) b});
            }
        }
        for (int a = 0x80; a < 256; a++) {
            for (int b = 0; b < 256; b++) {
                for (int c : TAILS) {
                    same(new byte[] {(byte) a, (byte) b, (byte) c});
                }
            }
        }
    }

    @Test
    void validWhenFourByteSequencesAroundEveryBoundaryThenAgreesWithTheJdkDecoder() {
        for (int a = 0xf0; a < 256; a++) {
            for (int b = 0; b < 256; b++) {
                for (int c : TAILS) {
                    for (int d : new int[] {0x41, 0x80, 0xbf, 0xc0}) {
                        same(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
                    }
                }
            }
        }
    }

    @Test
    void validWhenRandomMixturesAtEveryOffsetThenAgreesWithTheJdkDecoder() {
        SplittableRandom random = new SplittableRandom(20261127L);
        String[] pieces = {"a", "{\"k\": \"v\"}", "\u00e9", "\u20ac", "\uD83D\uDE00", "\u07ff", "\uffff", "\ud7ff",
                "\ue000", "\uDBFF\uDFFF"};
        for (int i = 0; i < 100_000; i++) {
            StringBuilder text = new StringBuilder("x".repeat(random.nextInt(0, 17)));
            int parts = random.nextInt(1, 6);
            for (int p = 0; p < parts; p++) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
            same(bytes);
            // Break it: flip, drop or insert one byte anywhere.
            byte[] broken = bytes.clone();
            int at = random.nextInt(broken.length);
            switch (random.nextInt(3)) {
                case 0 -> broken[at] = (byte) random.nextInt(256);
                case 1 -> broken = remove(broken, at);
                default -> broken = insert(broken, at, (byte) random.nextInt(0x80, 256));
            }
            same(broken);
        }
    }

    private void same(byte[] bytes) {
        boolean expected;
        try {
            jdk.reset().decode(ByteBuffer.wrap(bytes));
            expected = true;
        } catch (CharacterCodingException e) {
            expected = false;
        }
        if (Utf8.valid(bytes) != expected) {
            assertThat(Utf8.valid(bytes)).as(HexFormat.ofDelimiter(" ").formatHex(bytes)).isEqualTo(expected);
        }
    }

    private static byte[] remove(byte[] bytes, int at) {
        byte[] out = new byte[bytes.length - 1];
        System.arraycopy(bytes, 0, out, 0, at);
        System.arraycopy(bytes, at + 1, out, at, bytes.length - at - 1);
        return out;
    }

    private static byte[] insert(byte[] bytes, int at, byte b) {
        byte[] out = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, out, 0, at);
        out[at] = b;
        System.arraycopy(bytes, at, out, at + 1, bytes.length - at);
        return out;
    }
}
