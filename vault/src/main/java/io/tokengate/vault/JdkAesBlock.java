package io.tokengate.vault;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.BlockCipher;
import org.bouncycastle.crypto.CipherParameters;

/**
 * The single-block AES permutation of the JDK's provider (SunJCE, AES-NI intrinsics) behind Bouncy
 * Castle's {@link BlockCipher} interface, so that Bouncy Castle's RFC 5649 engine runs over it.
 * Bouncy Castle's pure-Java AES costs about 110 ns a block and a 256-bit key wrap takes 24 blocks;
 * through the JDK it is several times faster, and the key schedule is computed once per thread
 * instead of on every wrap.
 *
 * <p>Bound to one key at construction. {@link #init} only selects the direction, and accepts only
 * the {@code expected} parameters object, so the wrap engine can never silently run under another
 * key. Not thread-safe.
 */
final class JdkAesBlock implements BlockCipher {

    private static final int BLOCK = 16;

    private final CipherParameters expected;
    private final Cipher encrypt;
    private final Cipher decrypt;
    private Cipher current;

    JdkAesBlock(SecretKeySpec key, CipherParameters expected) {
        this.expected = expected;
        try {
            this.encrypt = Cipher.getInstance("AES/ECB/NoPadding", "SunJCE");
            this.encrypt.init(Cipher.ENCRYPT_MODE, key);
            this.decrypt = Cipher.getInstance("AES/ECB/NoPadding", "SunJCE");
            this.decrypt.init(Cipher.DECRYPT_MODE, key);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK provider SunJCE lacks AES/ECB", e);
        }
    }

    @Override
    public void init(boolean forEncryption, CipherParameters params) {
        if (params != expected) {
            throw new IllegalArgumentException("block cipher is bound to another key");
        }
        current = forEncryption ? encrypt : decrypt;
    }

    @Override
    public String getAlgorithmName() {
        return "AES";
    }

    @Override
    public int getBlockSize() {
        return BLOCK;
    }

    @Override
    public int processBlock(byte[] in, int inOff, byte[] out, int outOff) {
        if (current == null) {
            throw new IllegalStateException("not initialized");
        }
        try {
            return current.update(in, inOff, BLOCK, out, outOff);
        } catch (ShortBufferException e) {
            throw new org.bouncycastle.crypto.OutputLengthException("output buffer too short");
        }
    }

    @Override
    public void reset() {
        // ECB without padding keeps no state between blocks.
    }
}
