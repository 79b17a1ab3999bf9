package io.tokengate.vault;

import java.util.Arrays;

/**
 * An encrypted card as stored in the database: an opaque, self-describing byte blob. Only {@link
 * CardVault} can make or open one; everything else may store it, load it and read {@link
 * #kekVersion()} (to count cards per key version for rotation).
 *
 * <p>Layout of format 1, integers big-endian:
 *
 * <pre>
 *   offset  size  field
 *   0       1     format, 0x01
 *   1       4     KEK version (positive int) that wrapped the data key
 *   5       2     length W of the wrapped data key (40 in format 1)
 *   7       W     data key wrapped with AES key wrap with padding (RFC 5649) under that KEK
 *   7+W     12    AES-GCM nonce
 *   19+W    rest  AES-256-GCM ciphertext of the card payload, then the 16-byte tag
 * </pre>
 *
 * Instances are immutable; {@link #toBytes()} and {@link #fromBytes} copy.
 */
public final class SealedCard {

    static final byte FORMAT_V1 = 0x01;
    static final int VERSION_OFFSET = 1;
    static final int WRAPPED_LENGTH_OFFSET = 5;
    static final int WRAPPED_OFFSET = 7;
    /** A 256-bit data key wraps to 32 bytes plus the 8-byte integrity block. */
    static final int WRAPPED_DEK_BYTES = 40;
    static final int NONCE_OFFSET = WRAPPED_OFFSET + WRAPPED_DEK_BYTES;
    static final int CIPHERTEXT_OFFSET = NONCE_OFFSET + AesGcm.NONCE_BYTES;
    static final int MIN_CIPHERTEXT_BYTES = PayloadCodec.MIN_BYTES + AesGcm.TAG_BYTES;
    static final int MAX_CIPHERTEXT_BYTES = PayloadCodec.MAX_BYTES + AesGcm.TAG_BYTES;

    private final byte[] blob;
    private final int kekVersion;

    private SealedCard(byte[] blob, int kekVersion) {
        this.blob = blob;
        this.kekVersion = kekVersion;
    }

    /**
     * Reads a blob produced by {@link #toBytes()}. The layout is checked here; authenticity is
     * checked only when the card is opened.
     *
     * @throws NullPointerException if {@code bytes} is null
     * @throws DecryptionFailedException if the blob is truncated, oversized, of an unknown format or
     *     has an impossible length field
     */
    public static SealedCard fromBytes(byte[] bytes) {
        return parseOwned(bytes.clone());
    }

    /** Parses {@code blob} without copying; the caller hands over ownership. */
    static SealedCard parseOwned(byte[] blob) {
        int ciphertextBytes = blob.length - CIPHERTEXT_OFFSET;
        if (ciphertextBytes < MIN_CIPHERTEXT_BYTES || ciphertextBytes > MAX_CIPHERTEXT_BYTES
                || blob[0] != FORMAT_V1
                || readUnsignedShort(blob, WRAPPED_LENGTH_OFFSET) != WRAPPED_DEK_BYTES) {
            throw new DecryptionFailedException();
        }
        int version = readInt(blob, VERSION_OFFSET);
        if (version < 1) {
            throw new DecryptionFailedException();
        }
        return new SealedCard(blob, version);
    }

    /** Assembles the header for a blob of {@code ciphertextBytes}; the caller fills in the rest. */
    static byte[] newBlob(int kekVersion, byte[] wrappedDek, int ciphertextBytes) {
        if (wrappedDek.length != WRAPPED_DEK_BYTES) {
            throw new IllegalStateException("unexpected wrapped key length");
        }
        byte[] blob = new byte[CIPHERTEXT_OFFSET + ciphertextBytes];
        blob[0] = FORMAT_V1;
        writeInt(blob, VERSION_OFFSET, kekVersion);
        blob[WRAPPED_LENGTH_OFFSET] = (byte) (WRAPPED_DEK_BYTES >>> 8);
        blob[WRAPPED_LENGTH_OFFSET + 1] = (byte) WRAPPED_DEK_BYTES;
        System.arraycopy(wrappedDek, 0, blob, WRAPPED_OFFSET, WRAPPED_DEK_BYTES);
        return blob;
    }

    /** Version of the key-encryption key that wrapped this card's data key. */
    public int kekVersion() {
        return kekVersion;
    }

    /** A copy of the blob, for storing. */
    public byte[] toBytes() {
        return blob.clone();
    }

    /** Size of the blob in bytes. */
    public int size() {
        return blob.length;
    }

    /** The internal array, never to be modified or handed out. */
    byte[] blob() {
        return blob;
    }

    int ciphertextBytes() {
        return blob.length - CIPHERTEXT_OFFSET;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SealedCard that && Arrays.equals(blob, that.blob);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(blob);
    }

    /** Format, key version and size only; the bytes are opaque. */
    @Override
    public String toString() {
        return "SealedCard[format=1, kekVersion=" + kekVersion + ", bytes=" + blob.length + "]";
    }

    private static int readUnsignedShort(byte[] b, int off) {
        return ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff);
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
