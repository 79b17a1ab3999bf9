package io.tokengate.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import javax.crypto.AEADBadTagException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Known answers for the vault's AES-GCM primitive: the AES-256 test cases 13 to 16 of McGrew and
 * Viega, "The Galois/Counter Mode of Operation (GCM)", as used by NIST's GCM validation.
 */
class AesGcmKnownAnswerTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final String K0 = "0000000000000000000000000000000000000000000000000000000000000000";
    private static final String KF = "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308";
    private static final String IV0 = "000000000000000000000000";
    private static final String IVC = "cafebabefacedbaddecaf888";
    private static final String P64 = "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
            + "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255";
    private static final String C64 = "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
            + "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad";

    static Stream<Arguments> vectors() {
        return Stream.of(
                Arguments.of("test case 13", K0, IV0, "", "", "", "530f8afbc74536b9a963b4f1c4cb738b"),
                Arguments.of("test case 14", K0, IV0, "", "00000000000000000000000000000000",
                        "cea7403d4d606b6e074ec5d3baf39d18", "d0d1c8a799996bf0265b98b5d48ab919"),
                Arguments.of("test case 15", KF, IVC, "", P64, C64, "b094dac5d93471bdec1a502270e3cc6c"),
                Arguments.of("test case 16", KF, IVC, "feedfacedeadbeeffeedfacedeadbeefabaddad2",
                        P64.substring(0, 120), C64.substring(0, 120), "76fc6ece0f4e1768cddf8853bb2d551b"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void encryptWhenPublishedVectorThenKnownCiphertextAndTag(String name, String key, String iv, String aad,
            String plaintext, String ciphertext, String tag) throws Exception {
        // SunJCE refuses to encrypt twice with one key and nonce on the same Cipher object (a
        // nonce-reuse guard), and cases 13 and 14 share both; each case gets a fresh thread and so
        // a fresh thread-local Cipher.
        byte[] out = onFreshThread(() ->
                new AesGcm(HEX.parseHex(key)).encrypt(HEX.parseHex(iv), HEX.parseHex(plaintext), HEX.parseHex(aad)));
        assertThat(HEX.formatHex(out)).isEqualTo(ciphertext + tag);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void decryptWhenPublishedVectorThenKnownPlaintext(String name, String key, String iv, String aad,
            String plaintext, String ciphertext, String tag) throws Exception {
        byte[] out = new AesGcm(HEX.parseHex(key)).decrypt(HEX.parseHex(iv), HEX.parseHex(ciphertext + tag), HEX.parseHex(aad));
        assertThat(HEX.formatHex(out)).isEqualTo(plaintext);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void decryptWhenTagOrAadAlteredThenBadTag(String name, String key, String iv, String aad,
            String plaintext, String ciphertext, String tag) {
        AesGcm gcm = new AesGcm(HEX.parseHex(key));
        byte[] sealed = HEX.parseHex(ciphertext + tag);
        sealed[sealed.length - 1] ^= 1;
        assertThatThrownBy(() -> gcm.decrypt(HEX.parseHex(iv), sealed, HEX.parseHex(aad)))
                .isInstanceOf(AEADBadTagException.class);
        byte[] intact = HEX.parseHex(ciphertext + tag);
        assertThatThrownBy(() -> gcm.decrypt(HEX.parseHex(iv), intact, HEX.parseHex(aad + "00")))
                .isInstanceOf(AEADBadTagException.class);
    }

    interface Crypto {
        byte[] run() throws GeneralSecurityException;
    }

    private static byte[] onFreshThread(Crypto crypto) throws Exception {
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                result.complete(crypto.run());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        thread.start();
        try {
            return result.get();
        } catch (ExecutionException e) {
            throw (Exception) e.getCause();
        }
    }
}
