package io.tokengate.gateway.token;

import io.tokengate.gateway.audit.Actor;
import io.tokengate.gateway.audit.AuditEntry;
import io.tokengate.gateway.audit.AuditLog;
import io.tokengate.gateway.keys.VaultService;
import io.tokengate.gateway.token.TokenDetails.CardSummary;
import io.tokengate.gateway.web.ApiException;
import io.tokengate.gateway.web.Rows;
import io.tokengate.vault.card.CardPayload;
import io.tokengate.vault.token.FormatPreservingTokens;
import io.tokengate.vault.token.IdKind;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Canary tokens: decoys ops mint for a merchant, to be planted among the tokens it stores. Each is a
 * real token row (flag {@code canary}) on a synthetic vaulted card ({@link CanaryCards}), with default
 * controls, so it reads and lists like any token of the merchant; any use raises the critical event
 * of {@link CanaryAlarm}. Values are shown once, when minted.
 */
@Service
public class CanaryTokens {

    public static final int MAX_PER_REQUEST = 100;
    /** What a retired canary shows as its revocation reason: what an operator's revocation of any token shows. */
    static final String RETIRED_REASON = "revoked by operator";

    private final Cards cards;
    private final TokenRepository tokens;
    private final VaultService vault;
    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final Clock clock;

    CanaryTokens(Cards cards, TokenRepository tokens, VaultService vault, JdbcClient jdbc, AuditLog audit,
                 Clock clock) {
        this.cards = cards;
        this.tokens = tokens;
        this.vault = vault;
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    /** A freshly minted canary; {@link #toString()} hides the value. */
    public record Minted(String token, String hint, TokenFormat format, CardSummary card, Instant createdAt) {
        @Override
        public String toString() {
            return "Minted[…" + hint + "]";
        }
    }

    /** A canary as ops list it: its hint, never its value. */
    public record Listed(long id, String hint, String status, TokenFormat format, CardSummary card, Instant createdAt,
                         Instant revokedAt) {
    }

    /**
     * Mints {@code count} canaries for the merchant in one transaction, audited as one
     * {@code canary.minted} row with their row ids and hints.
     *
     * @throws ApiException {@code parameter_invalid} (param {@code count}) outside 1..{@value #MAX_PER_REQUEST}
     */
    @Transactional
    public List<Minted> mint(String merchantId, int count, TokenFormat format, Actor actor) {
        if (count < 1 || count > MAX_PER_REQUEST) {
            throw ApiException.invalid("count", "count must be 1 to " + MAX_PER_REQUEST + ".");
        }
        List<Minted> minted = new ArrayList<>(count);
        List<Long> ids = new ArrayList<>(count);
        while (minted.size() < count) {
            CardPayload payload = CanaryCards.next(clock);
            StoredCard card = cards.store(merchantId, payload);
            if (card.reused()) {
                continue; // a random number that the merchant really holds: never put a decoy on a real card
            }
            String token = format == TokenFormat.FORMAT_PRESERVING ? FormatPreservingTokens.generate(payload.pan())
                    : IdKind.TOKEN.generate();
            byte[] hash = vault.lookupHash(token);
            Optional<TokenRepository.Inserted> row = tokens.insert(merchantId, card.cardId(), hash,
                    vault.sealToken(token, hash), TokenValues.hint(token), format, TokenControls.defaults());
            if (row.isEmpty()) {
                continue; // the value collided: draw another card and value
            }
            jdbc.sql("UPDATE tokens SET canary = true WHERE id = ?").param(row.get().id()).update();
            ids.add(row.get().id());
            minted.add(new Minted(token, TokenValues.hint(token), format,
                    new CardSummary(card.brand(), card.last4(), card.expMonth(), card.expYear()),
                    row.get().createdAt()));
        }
        audit.append(AuditEntry.of(actor, "canary.minted").merchant(merchantId).subject("merchant", merchantId)
                .detail("count", count).detail("format", format.apiName()).detail("token_ids", ids)
                .detail("token_hints", minted.stream().map(Minted::hint).toList()).build());
        return minted;
    }

    /** The merchant's canaries, newest first, after row id {@code beforeId} when given. */
    @Transactional(readOnly = true)
    public List<Listed> list(String merchantId, Long beforeId, int limitPlusOne) {
        return jdbc.sql("""
                        SELECT t.id, t.hint, t.format, t.created_at, t.revoked_at,
                               CASE WHEN t.status = 'revoked' OR t.id < x.revoked_below THEN 'revoked'
                                    ELSE t.status END AS status,
                               c.brand, c.last4, c.exp_month, c.exp_year
                        FROM tokens t JOIN cards c ON c.id = t.card_id
                        LEFT JOIN token_cutoffs x ON x.merchant_id = t.merchant_id
                        WHERE t.merchant_id = ? AND t.canary AND t.id < ?
                        ORDER BY t.id DESC LIMIT ?""")
                .params(merchantId, beforeId == null ? Long.MAX_VALUE : beforeId, limitPlusOne)
                .query((rs, n) -> new Listed(rs.getLong("id"), rs.getString("hint"), rs.getString("status"),
                        TokenFormat.fromApiName(rs.getString("format"), "format"),
                        new CardSummary(rs.getString("brand"), rs.getString("last4"), rs.getInt("exp_month"),
                                rs.getInt("exp_year")), Rows.instant(rs, "created_at"), Rows.instant(rs, "revoked_at")))
                .list();
    }

    /**
     * Revokes every live canary of the merchant in the caller's transaction (the approving one of a
     * dual-control request), audited as {@code canary.revoked_all}; returns how many were revoked.
     * A revoked canary still raises its critical event when used.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public int revokeAll(String merchantId, Actor actor) {
        int revoked = jdbc.sql("UPDATE tokens SET status = 'revoked', revoked_at = now(), revoked_reason = ? "
                        + "WHERE merchant_id = ? AND canary AND status <> 'revoked'")
                .params(RETIRED_REASON, merchantId).update();
        audit.append(AuditEntry.of(actor, "canary.revoked_all").merchant(merchantId).subject("merchant", merchantId)
                .detail("revoked", revoked).build());
        return revoked;
    }
}
