package io.tokengate.vault;

import java.security.GeneralSecurityException;
import java.util.function.Function;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.engines.RFC5649WrapEngine;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * AES key wrap with padding (RFC 5649), used to wrap each card's data key under a key-encryption
 * key. The algorithm is Bouncy Castle's {@link RFC5649WrapEngine}; the AES block permutation under
 * it is the JDK's ({@link JdkAesBlock}), which makes a wrap several times faster than Bouncy
 * Castle's pure-Java AES (see the vault benchmark). The integrity check of RFC 5649 (a fixed 32-bit
 * marker and the 32-bit length inside the final permuted block) makes an unwrap under the wrong
 * key, or of altered bytes, fail with overwhelming probability.
 *
 * <p>Engines are not thread-safe and cost a key schedule to set up, so each thread keeps its own
 * per key; instances themselves are immutable and shared.
 */
final class AesKeyWrapPad {

    private final KeyParameter param;
    private final ThreadLocal<RFC5649WrapEngine> engine;

    /** Takes a raw 128-, 192- or 256-bit key-encryption key; the vault's KEKs are 256 bits. */
    AesKeyWrapPad(byte[] rawKek) {
        this(rawKek, false);
    }

    private AesKeyWrapPad(byte[] rawKek, boolean pureBouncyCastle) {
        int n = rawKek.length;
        if (n != 16 && n != 24 && n != 32) {
            throw new IllegalArgumentException("AES key must be 16, 24 or 32 bytes");
        }
        this.param = new KeyParameter(rawKek.clone());
        SecretKeySpec key = new SecretKeySpec(rawKek, "AES");
        Function<KeyParameter, RFC5649WrapEngine> factory = pureBouncyCastle
                ? p -> new RFC5649WrapEngine(AESEngine.newInstance())
                : p -> new RFC5649WrapEngine(new JdkAesBlock(key, p));
        this.engine = ThreadLocal.withInitial(() -> factory.apply(param));
    }

    /** The same algorithm over Bouncy Castle's own AES, kept to compare against in tests and benchmarks. */
    static AesKeyWrapPad withBouncyCastleAes(byte[] rawKek) {
        return new AesKeyWrapPad(rawKek, true);
    }

    /** Wraps {@code keyData}; the result is the input length rounded up to 8 bytes, plus 8. */
    byte[] wrap(byte[] keyData) {
        return wrap(keyData, 0, keyData.length);
    }

    /** Wraps {@code in[off, off+len)}. */
    byte[] wrap(byte[] in, int off, int len) {
        RFC5649WrapEngine e = engine.get();
        e.init(true, param);
        return e.wrap(in, off, len);
    }

    /**
     * Unwraps {@code in[off, off+len)}.
     *
     * @throws GeneralSecurityException if the integrity check fails or the length is impossible
     */
    byte[] unwrap(byte[] in, int off, int len) throws GeneralSecurityException {
        RFC5649WrapEngine e = engine.get();
        e.init(false, param);
        try {
            return e.unwrap(in, off, len);
        } catch (InvalidCipherTextException | RuntimeException ex) {
            throw new GeneralSecurityException("key unwrap failed");
        }
    }

    /** Whole-array form of {@link #unwrap(byte[], int, int)}. */
    byte[] unwrap(byte[] wrapped) throws GeneralSecurityException {
        return unwrap(wrapped, 0, wrapped.length);
    }
}
