package io.tokengate.gateway.token;

import io.tokengate.gateway.audit.Actor;
import io.tokengate.gateway.audit.AuditEntry;
import io.tokengate.gateway.audit.AuditLog;
import io.tokengate.gateway.keys.VaultService;
import io.tokengate.gateway.web.ApiException;
import io.tokengate.gateway.web.ErrorCode;
import io.tokengate.gateway.web.PageResponse;
import io.tokengate.gateway.webhook.WebhookEventTypes;
import io.tokengate.gateway.webhook.WebhookOutbox;
import io.tokengate.vault.CardRef;
import io.tokengate.vault.CardVault;
import io.tokengate.vault.SealedCard;
import io.tokengate.vault.card.CardPayload;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Merchant-scoped card tokens: issuing, reading, lifecycle, and what a charge needs from a token.
 * The public face of the token feature. A token belongs to one merchant: every method takes the
 * merchant id, and another merchant's token is answered exactly like one that never existed.
 */
@Service
public class Tokens {

    static final String REVOKED_BY_MERCHANT = "revoked by merchant";

    private final TokenRepository repository;
    private final Cards cards;
    private final TokenIssuer issuer;
    private final TokenReservations reservations;
    private final VaultService vault;
    private final CardVault cardVault;
    private final AuditLog audit;
    private final Clock clock;
    private final WebhookOutbox webhooks;

    Tokens(TokenRepository repository, Cards cards, TokenIssuer issuer, TokenReservations reservations,
           VaultService vault, CardVault cardVault, AuditLog audit, Clock clock, WebhookOutbox webhooks) {
        this.repository = repository;
        this.cards = cards;
        this.issuer = issuer;
        this.reservations = reservations;
        this.vault = vault;
        this.cardVault = cardVault;
        this.audit = audit;
        this.clock = clock;
        this.webhooks = webhooks;
    }

    /** {@link #issue(String, String, TokenControls, TokenFormat, Actor)} with an opaque token. */
    @Transactional
    public IssuedToken issue(String merchantId, String cardId, TokenControls controls, Actor actor) {
        return issue(merchantId, cardId, controls, TokenFormat.OPAQUE, actor);
    }

    /**
     * Issues a new token on a card the merchant already has (in the caller's transaction, if any),
     * audited as {@code token.issued}.
     *
     * @param controls {@code null} for the defaults; validated with params named {@code controls.*}
     * @throws ApiException {@code not_found} (param {@code card}) when the merchant has no such active card
     */
    @Transactional
    public IssuedToken issue(String merchantId, String cardId, TokenControls controls, TokenFormat format,
                             Actor actor) {
        TokenControls checked = TokenControls.orDefaults(controls, "controls", clock.instant());
        CardRepository.SealedRow row = cards.findSealed(merchantId, cardId)
                .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "No such card.", "card"));
        StoredCard card = row.card();
        if (format == TokenFormat.FORMAT_PRESERVING) {
            // Only the length and the last four digits are read, but they live inside the sealed payload.
            return issuer.issue(card, cards.open(cardId, row.sealed()).pan(), checked, format, actor);
        }
        return issuer.issue(card, null, checked, format, actor);
    }

    /** {@link #vaultAndIssue(String, CardPayload, TokenControls, TokenFormat, Actor)} with an opaque token. */
    @Transactional
    public IssuedToken vaultAndIssue(String merchantId, CardPayload payload, TokenControls controls, Actor actor) {
        return vaultAndIssue(merchantId, payload, controls, TokenFormat.OPAQUE, actor);
    }

    /**
     * Vaults the card for the merchant (reusing the merchant's row for the same number, see {@link
     * Cards}) and issues a new token on it with the given controls, in one transaction.
     *
     * @throws ApiException {@code card_expired} for an expired card, or a parameter error for the controls
     */
    @Transactional
    public IssuedToken vaultAndIssue(String merchantId, CardPayload payload, TokenControls controls,
                                     TokenFormat format, Actor actor) {
        TokenControls checked = TokenControls.orDefaults(controls, "controls", clock.instant());
        StoredCard card = cards.store(merchantId, payload);
        return issuer.issue(card, payload.pan(), checked, format, actor);
    }

    /** The merchant's token; {@code not_found} for an unknown, foreign or malformed value. */
    @Transactional(readOnly = true)
    public TokenDetails get(String merchantId, String token) {
        return withValue(find(merchantId, token), token);
    }

    /** A page of the merchant's tokens, newest first, with their values; {@code status} filters by effective status. */
    @Transactional(readOnly = true)
    public PageResponse<TokenDetails> list(String merchantId, Long beforeId, String status, int limit) {
        return PageResponse.of(repository.page(merchantId, beforeId, status, limit + 1), limit,
                r -> Long.toString(r.details().id()), this::opened);
    }

    /**
     * Revokes the merchant's token for good, audited as {@code token.revoked}. Revoking a revoked
     * token changes nothing and returns it as it is (idempotent, no second audit row).
     */
    @Transactional
    public TokenDetails revoke(String merchantId, String token, String reason, Actor actor) {
        TokenRepository.Row row = find(merchantId, token);
        if (repository.revoke(row.details().id(), reason)) {
            audit.append(AuditEntry.of(actor, "token.revoked").merchant(merchantId)
                    .subject("token", Long.toString(row.details().id())).detail("token_hint", row.details().hint())
                    .detail("reason", reason).build());
            webhooks.record(merchantId, WebhookEventTypes.TOKEN_REVOKED, revokedEvent(row.details(), token, reason));
        }
        return get(merchantId, token);
    }

    /**
     * The {@code token.revoked} webhook data. It carries the token value on purpose: the merchant
     * stores tokens by value and needs it to find the one to drop; the value is the merchant's own,
     * goes only to its registered endpoint in a signed request, and can no longer be charged.
     */
    private static Map<String, Object> revokedEvent(TokenDetails d, String token, String reason) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("object", "token");
        data.put("token", token);
        data.put("hint", d.hint());
        data.put("status", TokenDetails.REVOKED);
        data.put("revoked_reason", reason);
        return data;
    }

    /** Ops: suspends an active token ({@code token.suspended}); a suspended one is returned unchanged. */
    @Transactional
    public TokenDetails suspend(String merchantId, String token, Actor actor) {
        return move(merchantId, token, TokenDetails.ACTIVE, TokenDetails.SUSPENDED, "token.suspended", actor);
    }

    /** Ops: resumes a suspended token ({@code token.resumed}); an active one is returned unchanged. */
    @Transactional
    public TokenDetails resume(String merchantId, String token, Actor actor) {
        return move(merchantId, token, TokenDetails.SUSPENDED, TokenDetails.ACTIVE, "token.resumed", actor);
    }

    /**
     * In the caller's transaction: finds the merchant's token by value (one indexed query joined
     * with the card) and checks, in this order: unknown or another merchant's → {@code not_found}
     * (param {@code token}); revoked → {@link TokenRefusedException} {@code token_revoked}, recorded as
     * the security event {@code security.revoked_token_used} after the rollback; suspended →
     * {@code token_suspended}; expired (status or {@code expires_at}) → {@code token_expired};
     * single-use already used → {@code token_already_used}; currency other than the token's maximum's
     * or amount above it → {@code token_limit_exceeded} (param {@code currency} / {@code amount});
     * channel not allowed → {@code token_channel_denied}; card expired before the current month (UTC)
     * → {@code card_expired}. Spends a single-use token ({@code used_at = now()}), race-free: of two
     * concurrent charges on it, one gets {@code token_already_used}.
     *
     * @param channel {@code customer_initiated} or {@code merchant_initiated}
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public ChargeableCard reserveForCharge(String merchantId, String token, long amount, String currency,
                                           String channel, Actor actor) {
        return reservations.reserve(merchantId, token, amount, currency, channel, actor);
    }

    /**
     * Outside a transaction: checks a token for a charge like {@link #reserveForCharge}, reading it
     * with the reads of concurrent charges. Empty for a single-use token, which only {@link
     * #reserveForCharge} can spend.
     */
    public Optional<ChargeableCard> checkReusableForCharge(String merchantId, String token, long amount,
                                                           String currency, String channel, Actor actor) {
        return reservations.checkReusable(merchantId, token, amount, currency, channel, actor);
    }

    /** In the caller's transaction: un-spends a single-use token after a charge that failed for processing reasons (not for declines). */
    @Transactional(propagation = Propagation.MANDATORY)
    public void releaseUse(long tokenId) {
        reservations.releaseUse(tokenId);
    }

    /**
     * Pure CPU, no database: opens the card for the acquirer call. Callers hold no database
     * connection while calling this and drop the payload right after.
     */
    public CardPayload openCard(ChargeableCard card) {
        return cardVault.open(CardRef.of(card.cardId()), SealedCard.fromBytes(card.sealedCard()));
    }

    /** The merchant's own token row id for a token value, or empty (for list filters by token). */
    public Optional<Long> findTokenId(String merchantId, String token) {
        if (!TokenValues.wellFormed(token)) {
            return Optional.empty();
        }
        return repository.findId(merchantId, vault.lookupHash(token));
    }

    /** The token value for a row id of this merchant (opened from its sealed copy), for showing charges' token field. */
    public Optional<String> tokenValue(String merchantId, long tokenId) {
        return repository.findById(merchantId, tokenId).map(r -> vault.openToken(r.tokenSealed(), r.lookupHash()));
    }

    private TokenDetails move(String merchantId, String token, String from, String to, String action, Actor actor) {
        TokenRepository.Row row = find(merchantId, token);
        String status = row.details().status();
        if (status.equals(to)) {
            return withValue(row, token);
        }
        if (!status.equals(from)) {
            throw new ApiException(ErrorCode.STATE_CONFLICT, "The token is " + status + "; only a " + from
                    + " token can become " + to + ".", "token");
        }
        if (!repository.transition(row.details().id(), from, to)) {
            throw new ApiException(ErrorCode.STATE_CONFLICT, "The token changed meanwhile; read it and retry.",
                    "token");
        }
        audit.append(AuditEntry.of(actor, action).merchant(merchantId).subject("token", Long.toString(row.details().id()))
                .detail("token_hint", row.details().hint()).build());
        return get(merchantId, token);
    }

    private TokenRepository.Row find(String merchantId, String token) {
        if (!TokenValues.wellFormed(token)) {
            throw TokenReservations.notFound();
        }
        return repository.findByHash(merchantId, vault.lookupHash(token)).orElseThrow(TokenReservations::notFound);
    }

    private TokenDetails opened(TokenRepository.Row row) {
        return withValue(row, vault.openToken(row.tokenSealed(), row.lookupHash()));
    }

    private static TokenDetails withValue(TokenRepository.Row row, String token) {
        TokenDetails d = row.details();
        return new TokenDetails(d.id(), token, d.merchantId(), d.cardId(), d.hint(), d.format(), d.status(),
                d.controls(), d.usedAt(), d.createdAt(), d.revokedAt(), d.revokedReason(), d.replacedBy(), d.card());
    }
}
