package io.tokengate.vault;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

/**
 * Seals small secret values that are not cards (token values, so their owner can be shown them
 * again) with the same envelope as cards: a fresh data key per value under AES-256-GCM, wrapped
 * by the current KEK with RFC 5649. Each value is bound to a {@code context} (what kind of value)
 * and a {@code binding} (which row), so a sealed value copied elsewhere does not open.
 *
 * <p>Layout, integers big-endian: {@code 0x02 | KEK version (4) | wrapped DEK (40) | nonce (12) |
 * ciphertext and tag}. Any alteration, truncation or wrong context or binding fails with the one
 * {@link DecryptionFailedException}. Safe for concurrent use, also while the ring rotates.
 */
public final class ValueVault {

    static final byte FORMAT_VALUE_V1 = 0x02;
    private static final int VERSION_OFFSET = 1;
    private static final int WRAPPED_OFFSET = 5;
    private static final int NONCE_OFFSET = WRAPPED_OFFSET + SealedCard.WRAPPED_DEK_BYTES;
    private static final int CIPHERTEXT_OFFSET = NONCE_OFFSET + AesGcm.NONCE_BYTES;
    /** Values are tokens and similar short strings; a limit keeps a bad caller from sealing megabytes. */
    public static final int MAX_VALUE_BYTES = 1024;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeyRing keyRing;

    public ValueVault(KeyRing keyRing) {
        this.keyRing = Objects.requireNonNull(keyRing, "keyRing");
    }

    /**
     * Seals {@code value} for ({@code context}, {@code binding}).
     *
     * @throws IllegalArgumentException if the value is empty or longer than {@link #MAX_VALUE_BYTES}
     */
    public byte[] seal(String context, byte[] binding, byte[] value) {
        if (value.length == 0 || value.length > MAX_VALUE_BYTES) {
            throw new IllegalArgumentException("value must be 1 to " + MAX_VALUE_BYTES + " bytes");
        }
        Kek kek = keyRing.snapshot().current();
        byte[] dekAndNonce = new byte[Envelope.DEK_BYTES + AesGcm.NONCE_BYTES];
        try {
            RANDOM.nextBytes(dekAndNonce);
            byte[] wrapped = kek.wrap().wrap(dekAndNonce, 0, Envelope.DEK_BYTES);
            byte[] blob = new byte[CIPHERTEXT_OFFSET + value.length + AesGcm.TAG_BYTES];
            blob[0] = FORMAT_VALUE_V1;
            writeInt(blob, VERSION_OFFSET, kek.version());
            System.arraycopy(wrapped, 0, blob, WRAPPED_OFFSET, wrapped.length);
            System.arraycopy(dekAndNonce, Envelope.DEK_BYTES, blob, NONCE_OFFSET, AesGcm.NONCE_BYTES);
            new AesGcm(dekAndNonce, 0, Envelope.DEK_BYTES).encrypt(blob, NONCE_OFFSET, value, 0, value.length,
                    associatedData(context, binding), blob, CIPHERTEXT_OFFSET);
            return blob;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        } finally {
            Arrays.fill(dekAndNonce, (byte) 0);
        }
    }

    /** Opens a value sealed by {@link #seal} for the same context and binding. */
    public byte[] open(String context, byte[] binding, byte[] sealed) {
        byte[] dek = unwrap(keyRing.snapshot(), sealed);
        try {
            return new AesGcm(dek).decrypt(sealed, NONCE_OFFSET, sealed, CIPHERTEXT_OFFSET,
                    sealed.length - CIPHERTEXT_OFFSET, associatedData(context, binding));
        } catch (GeneralSecurityException e) {
            throw new DecryptionFailedException();
        } finally {
            Arrays.fill(dek, (byte) 0);
        }
    }

    /** The KEK version a sealed value names (for re-wrap and version retirement). */
    public static int kekVersion(byte[] sealed) {
        checkLayout(sealed);
        return readInt(sealed, VERSION_OFFSET);
    }

    /** Moves a sealed value to the current KEK, leaving nonce and ciphertext untouched; no-op if current. */
    public byte[] rewrap(String context, byte[] binding, byte[] sealed) {
        KeySnapshot keys = keyRing.snapshot();
        Kek current = keys.current();
        if (kekVersion(sealed) == current.version()) {
            return sealed;
        }
        Arrays.fill(open(context, binding, sealed), (byte) 0);
        byte[] dek = unwrap(keys, sealed);
        try {
            byte[] out = sealed.clone();
            writeInt(out, VERSION_OFFSET, current.version());
            System.arraycopy(current.wrap().wrap(dek), 0, out, WRAPPED_OFFSET, SealedCard.WRAPPED_DEK_BYTES);
            return out;
        } finally {
            Arrays.fill(dek, (byte) 0);
        }
    }

    private static byte[] unwrap(KeySnapshot keys, byte[] sealed) {
        checkLayout(sealed);
        Kek kek = keys.kek(readInt(sealed, VERSION_OFFSET));
        if (kek == null) {
            throw new DecryptionFailedException();
        }
        try {
            byte[] dek = kek.wrap().unwrap(sealed, WRAPPED_OFFSET, SealedCard.WRAPPED_DEK_BYTES);
            if (dek.length != Envelope.DEK_BYTES) {
                Arrays.fill(dek, (byte) 0);
                throw new DecryptionFailedException();
            }
            return dek;
        } catch (GeneralSecurityException e) {
            throw new DecryptionFailedException();
        }
    }

    private static void checkLayout(byte[] sealed) {
        int ciphertext = sealed.length - CIPHERTEXT_OFFSET;
        if (ciphertext <= AesGcm.TAG_BYTES || ciphertext > MAX_VALUE_BYTES + AesGcm.TAG_BYTES
                || sealed[0] != FORMAT_VALUE_V1 || readInt(sealed, VERSION_OFFSET) < 1) {
            throw new DecryptionFailedException();
        }
    }

    /** {@code format || len(context) || context || binding}: the length prefix keeps the split unambiguous. */
    private static byte[] associatedData(String context, byte[] binding) {
        byte[] ctx = context.getBytes(StandardCharsets.UTF_8);
        if (ctx.length > 255) {
            throw new IllegalArgumentException("context too long");
        }
        byte[] aad = new byte[2 + ctx.length + binding.length];
        aad[0] = FORMAT_VALUE_V1;
        aad[1] = (byte) ctx.length;
        System.arraycopy(ctx, 0, aad, 2, ctx.length);
        System.arraycopy(binding, 0, aad, 2 + ctx.length, binding.length);
        return aad;
    }

    private static int readInt(byte[] b, int off) {
        return ((b[off] & 0xff) << 24) | ((b[off + 1] & 0xff) << 16) | ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
    }

    private static void writeInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }
}
