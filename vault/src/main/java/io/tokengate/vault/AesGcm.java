package io.tokengate.vault;

import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.security.NoSuchProviderException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.NoSuchPaddingException;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-GCM with a 96-bit nonce and a 128-bit tag through the JDK's own provider (SunJCE), whose
 * AES-NI and carry-less multiply intrinsics make a fresh key schedule per card cheap. The provider
 * is named explicitly so that a Bouncy Castle provider registered first by someone else can never
 * take over the bulk cipher. The nonce is the caller's: every key here encrypts once, and the
 * {@code CardVault} draws a fresh random nonce anyway. {@code Cipher} objects are costly to look up
 * and not thread-safe, so each thread keeps one.
 */
final class AesGcm {

    static final int NONCE_BYTES = 12;
    static final int TAG_BYTES = 16;

    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final String PROVIDER = "SunJCE";
    private static final ThreadLocal<Cipher> CIPHER = ThreadLocal.withInitial(AesGcm::newCipher);

    private final SecretKeySpec key;

    /** Takes a raw 128-, 192- or 256-bit key; the vault always uses 256 bits. */
    AesGcm(byte[] rawKey) {
        this(rawKey, 0, rawKey.length);
    }

    /** Takes the raw key {@code rawKey[off, off+len)}, copying it. */
    AesGcm(byte[] rawKey, int off, int len) {
        if (len != 16 && len != 24 && len != 32) {
            throw new IllegalArgumentException("AES key must be 16, 24 or 32 bytes");
        }
        this.key = new SecretKeySpec(rawKey, off, len, "AES");
    }

    /**
     * Encrypts {@code plaintext[ptOff, ptOff+ptLen)} and writes ciphertext and tag ({@code ptLen +
     * 16} bytes) to {@code out} at {@code outOff}. Returns the number of bytes written.
     */
    int encrypt(byte[] nonce, int nonceOff, byte[] plaintext, int ptOff, int ptLen, byte[] aad,
            byte[] out, int outOff) throws GeneralSecurityException {
        Cipher cipher = CIPHER.get();
        cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, nonce, nonceOff, NONCE_BYTES));
        cipher.updateAAD(aad);
        return cipher.doFinal(plaintext, ptOff, ptLen, out, outOff);
    }

    /**
     * Verifies and decrypts ciphertext-and-tag {@code in[inOff, inOff+inLen)}.
     *
     * @throws GeneralSecurityException (an {@code AEADBadTagException}) if anything was altered
     */
    byte[] decrypt(byte[] nonce, int nonceOff, byte[] in, int inOff, int inLen, byte[] aad)
            throws GeneralSecurityException {
        if (inLen < TAG_BYTES) {
            throw new AEADBadTagException("ciphertext shorter than tag");
        }
        Cipher cipher = CIPHER.get();
        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, nonce, nonceOff, NONCE_BYTES));
        cipher.updateAAD(aad);
        return cipher.doFinal(in, inOff, inLen);
    }

    /** Whole-array form of {@link #encrypt(byte[], int, byte[], int, int, byte[], byte[], int)}. */
    byte[] encrypt(byte[] nonce, byte[] plaintext, byte[] aad) throws GeneralSecurityException {
        requireNonce(nonce);
        byte[] out = new byte[plaintext.length + TAG_BYTES];
        encrypt(nonce, 0, plaintext, 0, plaintext.length, aad, out, 0);
        return out;
    }

    /** Whole-array form of {@link #decrypt(byte[], int, byte[], int, int, byte[])}. */
    byte[] decrypt(byte[] nonce, byte[] ciphertextAndTag, byte[] aad) throws GeneralSecurityException {
        requireNonce(nonce);
        return decrypt(nonce, 0, ciphertextAndTag, 0, ciphertextAndTag.length, aad);
    }

    private static void requireNonce(byte[] nonce) {
        if (nonce.length != NONCE_BYTES) {
            throw new IllegalArgumentException("nonce must be 12 bytes");
        }
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance(TRANSFORMATION, PROVIDER);
        } catch (NoSuchAlgorithmException | NoSuchProviderException | NoSuchPaddingException e) {
            throw new IllegalStateException("the JDK provider SunJCE lacks AES/GCM", e);
        }
    }
}
