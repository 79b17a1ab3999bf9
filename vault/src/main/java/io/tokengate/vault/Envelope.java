package io.tokengate.vault;

import io.tokengate.vault.card.CardPayload;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Envelope encryption of one card, format 1. A fresh random 256-bit data key (DEK) per card seals
 * the payload with AES-256-GCM; the current KEK wraps the DEK with RFC 5649.
 *
 * <p><b>What is bound to what, and why the KEK version is not in the GCM associated data.</b> The
 * associated data is {@code format || cardRef}. That binds the ciphertext to its row: a blob, or
 * just its ciphertext, copied to another row fails the tag. The KEK version is authenticated by
 * the wrap instead: a changed version field makes the ring unwrap with another KEK (or with none),
 * and RFC 5649's integrity check fails (a forgery passes with probability about 2^-64, and would
 * then still have to pass GCM under a DEK nobody knows). A wrapped DEK copied from another card
 * unwraps fine but the payload tag fails under the foreign DEK. Every byte of the blob is
 * therefore covered: format (checked and in the AAD), version (wrap check), length prefix
 * (checked), wrapped DEK (wrap check, then GCM), nonce, ciphertext and tag (GCM).
 *
 * <p>Leaving the version out of the AAD is what makes {@link #rewrap} cheap and safe: it unwraps
 * the DEK with the old KEK and wraps it with the current one, leaving nonce and ciphertext
 * byte-for-byte untouched. Had the AAD held the version, every re-wrap would have to re-encrypt
 * the payload, and re-encrypting under the same DEK and nonce with different AAD would reuse a GCM
 * nonce, which leaks the authentication key; so it would also need a new DEK and nonce. The design
 * note's aim, that ciphertexts cannot be swapped between rows and a changed version is detected,
 * holds either way.
 */
final class Envelope {

    static final int DEK_BYTES = 32;

    private static final SecureRandom RANDOM = new SecureRandom();

    private Envelope() {
    }

    static SealedCard seal(Kek kek, CardRef ref, CardPayload payload) {
        byte[] plaintext = PayloadCodec.encode(payload);
        // One draw for key and nonce: the generator's per-call cost dominates a 44-byte read.
        byte[] dekAndNonce = new byte[DEK_BYTES + AesGcm.NONCE_BYTES];
        try {
            RANDOM.nextBytes(dekAndNonce);
            byte[] wrapped = kek.wrap().wrap(dekAndNonce, 0, DEK_BYTES);
            byte[] blob = SealedCard.newBlob(kek.version(), wrapped, plaintext.length + AesGcm.TAG_BYTES);
            System.arraycopy(dekAndNonce, DEK_BYTES, blob, SealedCard.NONCE_OFFSET, AesGcm.NONCE_BYTES);
            new AesGcm(dekAndNonce, 0, DEK_BYTES).encrypt(blob, SealedCard.NONCE_OFFSET,
                    plaintext, 0, plaintext.length, associatedData(ref), blob, SealedCard.CIPHERTEXT_OFFSET);
            return SealedCard.parseOwned(blob);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        } finally {
            Arrays.fill(dekAndNonce, (byte) 0);
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    static CardPayload open(KeySnapshot keys, CardRef ref, SealedCard sealed) {
        byte[] dek = unwrapDek(keys, sealed);
        byte[] plaintext = null;
        try {
            plaintext = decrypt(dek, ref, sealed);
            return PayloadCodec.decode(plaintext);
        } finally {
            Arrays.fill(dek, (byte) 0);
            if (plaintext != null) {
                Arrays.fill(plaintext, (byte) 0);
            }
        }
    }

    /** Moves {@code sealed} to the current KEK; returns it unchanged if it is already there. */
    static SealedCard rewrap(KeySnapshot keys, CardRef ref, SealedCard sealed) {
        Kek current = keys.current();
        if (sealed.kekVersion() == current.version()) {
            return sealed;
        }
        byte[] dek = unwrapDek(keys, sealed);
        try {
            // Verify before re-wrapping, so that a damaged or misfiled row is reported now rather
            // than carried forward to fail on some later open.
            Arrays.fill(decrypt(dek, ref, sealed), (byte) 0);
            byte[] old = sealed.blob();
            byte[] blob = SealedCard.newBlob(current.version(), current.wrap().wrap(dek), sealed.ciphertextBytes());
            System.arraycopy(old, SealedCard.NONCE_OFFSET, blob, SealedCard.NONCE_OFFSET,
                    old.length - SealedCard.NONCE_OFFSET);
            return SealedCard.parseOwned(blob);
        } finally {
            Arrays.fill(dek, (byte) 0);
        }
    }

    private static byte[] unwrapDek(KeySnapshot keys, SealedCard sealed) {
        Kek kek = keys.kek(sealed.kekVersion());
        if (kek == null) {
            throw new DecryptionFailedException();
        }
        try {
            byte[] dek = kek.wrap().unwrap(sealed.blob(), SealedCard.WRAPPED_OFFSET, SealedCard.WRAPPED_DEK_BYTES);
            if (dek.length != DEK_BYTES) {
                Arrays.fill(dek, (byte) 0);
                throw new DecryptionFailedException();
            }
            return dek;
        } catch (GeneralSecurityException e) {
            throw new DecryptionFailedException();
        }
    }

    private static byte[] decrypt(byte[] dek, CardRef ref, SealedCard sealed) {
        byte[] blob = sealed.blob();
        try {
            return new AesGcm(dek).decrypt(blob, SealedCard.NONCE_OFFSET, blob, SealedCard.CIPHERTEXT_OFFSET,
                    sealed.ciphertextBytes(), associatedData(ref));
        } catch (GeneralSecurityException e) {
            throw new DecryptionFailedException();
        }
    }

    /** {@code format || cardRef}; the card reference is plain ASCII of bounded length. */
    static byte[] associatedData(CardRef ref) {
        byte[] id = ref.ascii();
        byte[] aad = new byte[1 + id.length];
        aad[0] = SealedCard.FORMAT_V1;
        System.arraycopy(id, 0, aad, 1, id.length);
        return aad;
    }
}
