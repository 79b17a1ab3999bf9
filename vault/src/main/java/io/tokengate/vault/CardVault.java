package io.tokengate.vault;

import io.tokengate.vault.card.CardPayload;
import io.tokengate.vault.card.InvalidCardException;
import io.tokengate.vault.card.InvalidCardReason;
import io.tokengate.vault.card.Pan;
import io.tokengate.vault.card.RawCardAccess;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Seals and opens card payloads, and computes the keyed hashes the gateway stores instead of
 * secrets. The Tink-style surface: callers name the row ({@link CardRef}) and hand over or get
 * back a {@link CardPayload}; keys, nonces and cipher modes stay inside. See {@link SealedCard}
 * for the blob layout.
 *
 * <p>Safe for concurrent use by any number of threads, including while the {@link KeyRing}
 * rotates. Every method throws {@link IllegalStateException} once the ring is closed. Exception
 * messages never contain card data or key material.
 */
public final class CardVault {

    private static final HexFormat HEX = HexFormat.of();

    private final KeyRing keyRing;
    private final Clock clock;

    /**
     * @param keyRing the keys
     * @param clock decides whether a card has expired at {@link #seal}; its zone is the one in which
     *     "the end of the expiry month" is judged
     */
    public CardVault(KeyRing keyRing, Clock clock) {
        this.keyRing = Objects.requireNonNull(keyRing, "keyRing");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Encrypts {@code payload} for the row {@code cardRef} under a fresh data key wrapped by the
     * current KEK. Each call gives a different blob, even for the same card.
     *
     * @throws InvalidCardException with {@link InvalidCardReason#EXPIRY_PAST} for an expired card
     */
    public SealedCard seal(CardRef cardRef, CardPayload payload) {
        Objects.requireNonNull(cardRef, "cardRef");
        Objects.requireNonNull(payload, "payload");
        if (payload.expiry().isExpired(clock)) {
            throw new InvalidCardException(InvalidCardReason.EXPIRY_PAST);
        }
        return Envelope.seal(keyRing.snapshot().current(), cardRef, payload);
    }

    /**
     * Decrypts a card sealed for {@code cardRef}. A card that has expired since it was sealed still
     * opens.
     *
     * @throws DecryptionFailedException if the blob was altered in any way, belongs to another row,
     *     or names a KEK version the ring does not have
     */
    public CardPayload open(CardRef cardRef, SealedCard sealed) {
        Objects.requireNonNull(cardRef, "cardRef");
        Objects.requireNonNull(sealed, "sealed");
        return Envelope.open(keyRing.snapshot(), cardRef, sealed);
    }

    /**
     * Moves a card to the current KEK by re-wrapping its data key only; nonce and payload
     * ciphertext stay byte-for-byte the same. Returns {@code sealed} itself when it is already
     * under the current version. The blob is verified against {@code cardRef} first.
     *
     * @throws DecryptionFailedException as {@link #open}
     */
    public SealedCard rewrap(CardRef cardRef, SealedCard sealed) {
        Objects.requireNonNull(cardRef, "cardRef");
        Objects.requireNonNull(sealed, "sealed");
        return Envelope.rewrap(keyRing.snapshot(), cardRef, sealed);
    }

    /** Whether {@code sealed} is wrapped under the current KEK, that is, {@link #rewrap} would return it as is. */
    public boolean isCurrent(SealedCard sealed) {
        return sealed.kekVersion() == keyRing.currentKekVersion();
    }

    /**
     * The card's fingerprint: HMAC-SHA256 of its digits under the fingerprint key. Depends on the
     * number only and does not change when KEKs rotate.
     */
    public CardFingerprint fingerprint(Pan pan) {
        byte[] digits = pan.asciiDigits(RawCardAccess.get());
        try {
            return CardFingerprint.ofOwned(keyRing.snapshot().fingerprintKey().tag(digits));
        } finally {
            Arrays.fill(digits, (byte) 0);
        }
    }

    /**
     * HMAC-SHA256 of {@code secretOrToken} (UTF-8) under the lookup key: 32 bytes, the same for the
     * same input. The gateway stores this instead of tokens and API secrets and looks rows up by
     * it, so a copy of the database hands out nothing usable.
     */
    public byte[] lookupHash(String secretOrToken) {
        Objects.requireNonNull(secretOrToken, "secretOrToken");
        return keyRing.snapshot().lookupKey().tag(secretOrToken.getBytes(StandardCharsets.UTF_8));
    }

    /** {@link #lookupHash} as 64 lowercase hex digits. */
    public String lookupHashHex(String secretOrToken) {
        return HEX.formatHex(lookupHash(secretOrToken));
    }
}
