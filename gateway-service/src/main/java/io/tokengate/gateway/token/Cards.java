package io.tokengate.gateway.token;

import io.tokengate.gateway.web.ApiException;
import io.tokengate.gateway.web.ErrorCode;
import io.tokengate.vault.CardRef;
import io.tokengate.vault.CardVault;
import io.tokengate.vault.SealedCard;
import io.tokengate.vault.card.CardPayload;
import io.tokengate.vault.card.Expiry;
import io.tokengate.vault.token.IdKind;
import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The vaulted cards of merchants. A card belongs to one merchant and is never shared: the same
 * number saved by two merchants gives two rows, two data keys, two ciphertexts.
 *
 * <p><b>Saving the same card twice.</b> Within one merchant a card number is vaulted once: when an
 * active row with the same fingerprint exists, it is reused (no second ciphertext of the same
 * number), and the caller issues a new token on it, so each checkout or integration still gets a
 * token with its own domain controls. If the card comes back with a later expiry (a renewed card
 * with the same number), the row is re-sealed with the new payload under a fresh data key; an
 * earlier or equal expiry leaves the stored payload as it is (the cardholder name included).
 * A unique index on (merchant, fingerprint) for active rows holds this under concurrent saves.
 */
@Service
public class Cards {

    private final CardRepository repository;
    private final CardVault vault;
    private final Clock clock;

    Cards(CardRepository repository, CardVault vault, Clock clock) {
        this.repository = repository;
        this.vault = vault;
        this.clock = clock;
    }

    /**
     * Vaults {@code payload} for the merchant in the caller's transaction, or reuses the merchant's
     * active row for the same card number (see the class comment).
     *
     * @throws ApiException {@code card_expired} (param {@code exp_year} or {@code exp_month}) for a
     *                      card whose expiry month has passed (UTC)
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public StoredCard store(String merchantId, CardPayload payload) {
        requireNotExpired(payload.expiry());
        byte[] fingerprint = vault.fingerprint(payload.pan()).toBytes();
        Optional<StoredCard> existing = repository.findActive(merchantId, fingerprint);
        if (existing.isPresent()) {
            return refresh(existing.get(), payload);
        }
        String id = IdKind.CARD.generate();
        SealedCard sealed = vault.seal(CardRef.of(id), payload);
        String brand = payload.pan().brand().apiName();
        String last4 = payload.pan().last4();
        Expiry expiry = payload.expiry();
        if (repository.insert(id, merchantId, sealed.toBytes(), sealed.kekVersion(), fingerprint, brand, last4,
                expiry.month(), expiry.year())) {
            return new StoredCard(id, merchantId, false, brand, last4, expiry.month(), expiry.year());
        }
        // A concurrent save of the same card committed first: use its row, as if it had been there.
        StoredCard winner = repository.findActive(merchantId, fingerprint)
                .orElseThrow(() -> new IllegalStateException("card row vanished after a conflicting insert"));
        return refresh(winner, payload);
    }

    /** Throws {@code card_expired} when the expiry month lies before the current month (UTC). */
    void requireNotExpired(Expiry expiry) {
        YearMonth now = YearMonth.now(clock.withZone(ZoneOffset.UTC));
        if (now.isAfter(expiry.yearMonth())) {
            throw new ApiException(ErrorCode.CARD_EXPIRED, "The card expired at the end of "
                    + expiry + "; ask the cardholder for a current card.",
                    expiry.year() < now.getYear() ? "exp_year" : "exp_month");
        }
    }

    /** The merchant's active card with its sealed payload, for opening it (format-preserving tokens). */
    Optional<CardRepository.SealedRow> findSealed(String merchantId, String cardId) {
        return repository.findSealed(merchantId, cardId);
    }

    /** Opens a sealed card; pure CPU. */
    CardPayload open(String cardId, byte[] sealed) {
        return vault.open(CardRef.of(cardId), SealedCard.fromBytes(sealed));
    }

    private StoredCard refresh(StoredCard stored, CardPayload payload) {
        Expiry expiry = payload.expiry();
        if (!expiry.yearMonth().isAfter(YearMonth.of(stored.expYear(), stored.expMonth()))) {
            return stored;
        }
        SealedCard sealed = vault.seal(CardRef.of(stored.cardId()), payload);
        if (!repository.resealIfLaterExpiry(stored.cardId(), sealed.toBytes(), sealed.kekVersion(), expiry.month(),
                expiry.year())) {
            // Someone stored an even later expiry meanwhile; theirs stands.
            return repository.findActive(stored.merchantId(), vault.fingerprint(payload.pan()).toBytes())
                    .orElse(stored);
        }
        return new StoredCard(stored.cardId(), stored.merchantId(), true, stored.brand(), stored.last4(),
                expiry.month(), expiry.year());
    }
}
