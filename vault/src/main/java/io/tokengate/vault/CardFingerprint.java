package io.tokengate.vault;

import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A card fingerprint: HMAC-SHA256 of the card number under the ring's dedicated fingerprint key,
 * 32 bytes. Equal card numbers give equal fingerprints, whatever the expiry or name and across KEK
 * rotations, so the gateway can find a card again without decrypting anything; without the key a
 * fingerprint tells nothing about the number (unlike a plain hash, which the small space of card
 * numbers would let anyone reverse).
 */
public final class CardFingerprint {

    private static final HexFormat HEX = HexFormat.of();
    private static final int BYTES = HmacKey.TAG_BYTES;

    private final byte[] bytes;

    private CardFingerprint(byte[] bytes) {
        this.bytes = bytes;
    }

    static CardFingerprint ofOwned(byte[] bytes) {
        return new CardFingerprint(bytes);
    }

    /**
     * Reads a fingerprint from {@link #toHex()} form.
     *
     * @throws IllegalArgumentException unless the input is 64 hex digits
     */
    public static CardFingerprint fromHex(String hex) {
        return of(HEX.parseHex(Objects.requireNonNull(hex, "hex")));
    }

    /**
     * Reads a fingerprint from {@link #toBase64Url()} form.
     *
     * @throws IllegalArgumentException unless the input is 32 bytes of unpadded base64url
     */
    public static CardFingerprint fromBase64Url(String base64) {
        return of(Base64.getUrlDecoder().decode(Objects.requireNonNull(base64, "base64")));
    }

    /**
     * Wraps 32 raw bytes (for example read from a {@code bytea} column); copies them.
     *
     * @throws IllegalArgumentException unless there are exactly 32 bytes
     */
    public static CardFingerprint of(byte[] bytes) {
        if (bytes.length != BYTES) {
            throw new IllegalArgumentException("a card fingerprint has 32 bytes");
        }
        return new CardFingerprint(bytes.clone());
    }

    /** A copy of the 32 bytes. */
    public byte[] toBytes() {
        return bytes.clone();
    }

    /** 64 lowercase hex digits. */
    public String toHex() {
        return HEX.formatHex(bytes);
    }

    /** 43 characters of unpadded base64url. */
    public String toBase64Url() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CardFingerprint that && MessageDigest.isEqual(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return (bytes[0] & 0xff) << 24 | (bytes[1] & 0xff) << 16 | (bytes[2] & 0xff) << 8 | (bytes[3] & 0xff);
    }

    /** The hex form; a fingerprint is safe to log. */
    @Override
    public String toString() {
        return toHex();
    }
}
