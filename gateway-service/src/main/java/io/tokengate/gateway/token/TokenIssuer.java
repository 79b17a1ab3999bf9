package io.tokengate.gateway.token;

import io.tokengate.gateway.audit.Actor;
import io.tokengate.gateway.audit.AuditEntry;
import io.tokengate.gateway.audit.AuditLog;
import io.tokengate.gateway.keys.VaultService;
import io.tokengate.gateway.token.TokenDetails.CardSummary;
import io.tokengate.vault.card.Pan;
import io.tokengate.vault.token.FormatPreservingTokens;
import io.tokengate.vault.token.IdKind;
import java.util.Objects;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Mints a token value for a stored card and records it: the keyed hash to find it by, a sealed copy
 * to show it to its owner again, the last four characters as a hint, the domain controls, and the
 * {@code token.issued} audit row, all in the caller's transaction. The value itself is stored nowhere.
 */
@Component
class TokenIssuer {

    /** Format-preserving values of short cards have few free digits, so a collision is possible. */
    private static final int MAX_ATTEMPTS = 10;

    private final TokenRepository repository;
    private final VaultService vault;
    private final AuditLog audit;

    TokenIssuer(TokenRepository repository, VaultService vault, AuditLog audit) {
        this.repository = repository;
        this.vault = vault;
        this.audit = audit;
    }

    /**
     * @param pan the card number, needed only for {@link TokenFormat#FORMAT_PRESERVING} (length and
     *            last four); may be {@code null} for opaque tokens
     * @param controls already validated
     */
    IssuedToken issue(StoredCard card, Pan pan, TokenControls controls, TokenFormat format, Actor actor) {
        Objects.requireNonNull(actor, "actor");
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            String token = format == TokenFormat.FORMAT_PRESERVING
                    ? FormatPreservingTokens.generate(Objects.requireNonNull(pan, "pan"))
                    : IdKind.TOKEN.generate();
            byte[] hash = vault.lookupHash(token);
            String hint = TokenValues.hint(token);
            Optional<TokenRepository.Inserted> row = repository.insert(card.merchantId(), card.cardId(), hash,
                    vault.sealToken(token, hash), hint, format, controls);
            if (row.isPresent()) {
                long id = row.get().id();
                audit.append(AuditEntry.of(actor, "token.issued").merchant(card.merchantId())
                        .subject("token", Long.toString(id)).detail("token_hint", hint).detail("card", card.cardId())
                        .detail("card_reused", card.reused()).detail("format", format.apiName())
                        .detail("usage", controls.usage()).detail("channel", controls.channel())
                        .detail("expires_at", controls.expiresAt() == null ? null : controls.expiresAt().toString())
                        .detail("max_amount", controls.maxAmount())
                        .detail("max_amount_currency", controls.maxAmountCurrency()).build());
                TokenDetails details = new TokenDetails(id, token, card.merchantId(), card.cardId(), hint, format,
                        TokenDetails.ACTIVE, controls, null, row.get().createdAt(), null, null, null,
                        new CardSummary(card.brand(), card.last4(), card.expMonth(), card.expYear()));
                return new IssuedToken(details, card.reused());
            }
        }
        throw new IllegalStateException("no unique " + format.apiName() + " token value after " + MAX_ATTEMPTS
                + " attempts");
    }
}
