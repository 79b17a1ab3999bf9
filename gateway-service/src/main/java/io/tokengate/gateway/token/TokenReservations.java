package io.tokengate.gateway.token;

import io.tokengate.gateway.audit.Actor;
import io.tokengate.gateway.audit.AuditEntry;
import io.tokengate.gateway.keys.VaultService;
import io.tokengate.gateway.web.ApiException;
import io.tokengate.gateway.web.ErrorCode;
import io.tokengate.gateway.web.Rows;
import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The charge hot path's token check: one indexed query joining the token and its card, the checks
 * in a fixed order, and, for a single-use token only, one conditional update that spends it.
 * Multi-use tokens take no row lock, so concurrent charges on one token do not queue on it.
 */
@Component
class TokenReservations {

    private static final String CANDIDATE = """
            SELECT t.id, t.card_id, t.hint, t.status, t.usage, t.used_at IS NOT NULL AS used,
                   (t.expires_at IS NOT NULL AND t.expires_at <= now()) AS lapsed,
                   t.max_amount, t.max_amount_currency, t.channel,
                   c.sealed, c.brand, c.last4, c.exp_month, c.exp_year, t.canary,
                   (x.revoked_below IS NOT NULL AND t.id < x.revoked_below) AS cut_off, x.incident_id
            FROM tokens t JOIN cards c ON c.id = t.card_id
            LEFT JOIN token_cutoffs x ON x.merchant_id = t.merchant_id
            WHERE t.lookup_hash = ? AND t.merchant_id = ?""";

    // Spends the token only if nothing changed since the read: a concurrent charge, revocation or
    // suspension makes it match no row, and the token is read and checked again.
    private static final String SPEND = """
            UPDATE tokens SET used_at = now()
            WHERE id = ? AND used_at IS NULL AND status = 'active' AND (expires_at IS NULL OR expires_at > now())""";

    private final JdbcClient jdbc;
    private final VaultService vault;
    private final Clock clock;

    TokenReservations(JdbcClient jdbc, VaultService vault, Clock clock) {
        this.jdbc = jdbc;
        this.vault = vault;
        this.clock = clock;
    }

    private record Candidate(long id, String cardId, String hint, String status, boolean singleUse, boolean used,
                             boolean lapsed, Long maxAmount, String maxAmountCurrency, String channel, byte[] sealed,
                             String brand, String last4, int expMonth, int expYear, boolean canary, boolean cutOff,
                             String cutOffBy) {
    }

    ChargeableCard reserve(String merchantId, String token, long amount, String currency, String channel,
                           Actor actor) {
        Objects.requireNonNull(actor, "actor");
        if (!TokenControls.CUSTOMER_INITIATED.equals(channel) && !TokenControls.MERCHANT_INITIATED.equals(channel)) {
            throw ApiException.invalid("channel", "channel must be customer_initiated or merchant_initiated.");
        }
        if (!TokenValues.wellFormed(token)) {
            throw notFound();
        }
        byte[] hash = vault.lookupHash(token);
        for (int attempt = 0; attempt < 2; attempt++) {
            Candidate c = find(merchantId, hash).orElseThrow(TokenReservations::notFound);
            check(c, merchantId, amount, currency, channel, actor);
            if (!c.singleUse() || jdbc.sql(SPEND).param(c.id()).update() == 1) {
                return new ChargeableCard(c.id(), c.cardId(), merchantId, c.sealed(), c.brand(), c.last4(),
                        c.expMonth(), c.expYear(), c.singleUse());
            }
        }
        throw alreadyUsed();
    }

    void releaseUse(long tokenId) {
        jdbc.sql("UPDATE tokens SET used_at = NULL WHERE id = ? AND usage = 'single_use'").param(tokenId).update();
    }

    private Optional<Candidate> find(String merchantId, byte[] hash) {
        return jdbc.sql(CANDIDATE).params(hash, merchantId).query((rs, n) -> new Candidate(rs.getLong("id"),
                rs.getString("card_id"), rs.getString("hint"), rs.getString("status"),
                TokenControls.SINGLE_USE.equals(rs.getString("usage")), rs.getBoolean("used"), rs.getBoolean("lapsed"),
                Rows.nullableLong(rs, "max_amount"), rs.getString("max_amount_currency"),
                rs.getString("channel"), rs.getBytes("sealed"), rs.getString("brand"), rs.getString("last4"),
                rs.getInt("exp_month"), rs.getInt("exp_year"), rs.getBoolean("canary"), rs.getBoolean("cut_off"),
                rs.getString("incident_id"))).optional();
    }

    /** The refusals, in the documented order; returns normally when the token may be charged. */
    private void check(Candidate c, String merchantId, long amount, String currency, String channel, Actor actor) {
        boolean revoked = TokenDetails.REVOKED.equals(c.status()) || c.cutOff();
        if (c.canary()) {
            throw CanaryAlarm.chargeRefusal(actor, merchantId, c.id(), c.hint(), revoked, amount, currency, channel);
        }
        if (revoked) {
            // A token issued before a containment is refused from the moment the incident commits,
            // whether or not the containment worker has reached its row yet.
            AuditEntry event = AuditEntry.of(actor, "security.revoked_token_used").merchant(merchantId)
                    .subject("token", Long.toString(c.id())).detail("token_hint", c.hint())
                    .detail("amount", amount).detail("currency", currency).detail("channel", channel)
                    .detail("incident", c.cutOff() ? c.cutOffBy() : null).build();
            throw new TokenRefusedException(ErrorCode.TOKEN_REVOKED, "This token has been revoked and can no longer "
                    + "be charged.", "token", event);
        }
        if (c.sealed() == null) {
            // The card was crypto-shredded: nothing is left to charge.
            throw new ApiException(ErrorCode.TOKEN_REVOKED, "The card behind this token has been deleted.", "token");
        }
        if (TokenDetails.SUSPENDED.equals(c.status())) {
            throw new ApiException(ErrorCode.TOKEN_SUSPENDED, "This token is suspended by the gateway operator.",
                    "token");
        }
        if (TokenDetails.EXPIRED.equals(c.status()) || c.lapsed()) {
            throw new ApiException(ErrorCode.TOKEN_EXPIRED, "This token has expired.", "token");
        }
        if (c.singleUse() && c.used()) {
            throw alreadyUsed();
        }
        if (c.maxAmountCurrency() != null && !c.maxAmountCurrency().equals(currency)) {
            throw new ApiException(ErrorCode.TOKEN_LIMIT_EXCEEDED, "This token may be charged in "
                    + c.maxAmountCurrency() + " only.", "currency");
        }
        if (c.maxAmount() != null && amount > c.maxAmount()) {
            throw new ApiException(ErrorCode.TOKEN_LIMIT_EXCEEDED, "This token may be charged at most "
                    + c.maxAmount() + " " + c.maxAmountCurrency() + " (minor units) per charge.", "amount");
        }
        if (!TokenControls.ANY.equals(c.channel()) && !c.channel().equals(channel)) {
            throw new ApiException(ErrorCode.TOKEN_CHANNEL_DENIED, "This token may be charged on the "
                    + c.channel() + " channel only.", "channel");
        }
        if (YearMonth.now(clock.withZone(ZoneOffset.UTC)).isAfter(YearMonth.of(c.expYear(), c.expMonth()))) {
            throw new ApiException(ErrorCode.CARD_EXPIRED, "The card behind this token expired at the end of "
                    + String.format("%02d/%04d", c.expMonth(), c.expYear()) + ".", "token");
        }
    }

    static ApiException notFound() {
        return new ApiException(ErrorCode.NOT_FOUND, "No such token.", "token");
    }

    private static ApiException alreadyUsed() {
        return new ApiException(ErrorCode.TOKEN_ALREADY_USED, "This single-use token has already been charged.",
                "token");
    }
}
