package io.tokengate.gateway.token;

import io.tokengate.gateway.audit.Actor;
import io.tokengate.gateway.audit.AuditEntry;
import io.tokengate.gateway.keys.VaultService;
import io.tokengate.gateway.web.ApiException;
import io.tokengate.gateway.web.ErrorCode;
import io.tokengate.gateway.web.GroupCommit;
import io.tokengate.gateway.web.Rows;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The charge hot path's token check: one indexed query joining the token and its card, the checks
 * in a fixed order, and, for a single-use token only, one conditional update that spends it.
 * Multi-use tokens take no row lock, so concurrent charges on one token do not queue on it.
 *
 * <p>A charge with nothing to write before its pending charge checks a multi-use token outside any
 * transaction ({@link #checkReusable}); the reads of concurrent charges then share one statement
 * ({@link GroupCommit} as a group read), each batch read after every charge in it asked.
 */
@Component
class TokenReservations {

    // The read of (lookup hash, merchant) pairs numbered n from 1; %s is where the pairs come from.
    private static final String CANDIDATES = """
            SELECT p.n, t.id, t.card_id, t.hint, t.status, t.usage, t.used_at IS NOT NULL AS used,
                   (t.expires_at IS NOT NULL AND t.expires_at <= now()) AS lapsed,
                   t.max_amount, t.max_amount_currency, t.channel,
                   c.sealed, c.brand, c.last4, c.exp_month, c.exp_year, t.canary,
                   (x.revoked_below IS NOT NULL AND t.id < x.revoked_below) AS cut_off, x.incident_id
            FROM %s
            JOIN tokens t ON t.lookup_hash = p.lookup_hash AND t.merchant_id = p.merchant_id
            JOIN cards c ON c.id = t.card_id
            LEFT JOIN token_cutoffs x ON x.merchant_id = t.merchant_id""";
    // One pair alone is read from a row of values: the same plan, at less cost than arrays of one.
    private static final String CANDIDATE = CANDIDATES.formatted(
            "(VALUES (?::bytea, ?::text, 1)) AS p(lookup_hash, merchant_id, n)");
    private static final String CANDIDATE_BATCH = CANDIDATES.formatted(
            "unnest(?::bytea[], ?::text[]) WITH ORDINALITY AS p(lookup_hash, merchant_id, n)");

    // Spends the token only if nothing changed since the read: a concurrent charge, revocation or
    // suspension makes it match no row, and the token is read and checked again.
    private static final String SPEND = """
            UPDATE tokens SET used_at = now()
            WHERE id = ? AND used_at IS NULL AND status = 'active' AND (expires_at IS NULL OR expires_at > now())""";

    /** Above the pool size, so under the charge path's concurrency one read takes every charge queued. */
    private static final int MAX_BATCH = 64;

    private final JdbcClient jdbc;
    private final VaultService vault;
    private final Clock clock;
    private final GroupCommit<Lookup, Optional<Candidate>> reads;

    TokenReservations(JdbcClient jdbc, VaultService vault, Clock clock) {
        this.jdbc = jdbc;
        this.vault = vault;
        this.clock = clock;
        this.reads = GroupCommit.create("token reads", MAX_BATCH, Duration.ofSeconds(5), this::findAll);
    }

    /** A charged token's lookup hash and the merchant presenting it. */
    private record Lookup(byte[] hash, String merchantId) {
    }

    private record Candidate(long id, String cardId, String hint, String status, boolean singleUse, boolean used,
                             boolean lapsed, Long maxAmount, String maxAmountCurrency, String channel, byte[] sealed,
                             String brand, String last4, int expMonth, int expYear, boolean canary, boolean cutOff,
                             String cutOffBy) {
    }

    /**
     * Outside a transaction: reads the token with the reads of concurrent charges and checks it.
     *
     * @return the card, or empty when the token is single-use: spending it needs {@link #reserve},
     *         in the transaction that records the charge
     * @throws ApiException the refusal {@link #reserve} would give
     */
    Optional<ChargeableCard> checkReusable(String merchantId, String token, long amount, String currency,
                                           String channel, Actor actor) {
        Lookup lookup = lookup(merchantId, token, channel, actor);
        Candidate c;
        try {
            c = reads.submit(lookup, this::find).orElseThrow(TokenReservations::notFound);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading a token", e);
        }
        check(c, merchantId, amount, currency, channel, actor);
        return c.singleUse() ? Optional.empty() : Optional.of(chargeable(c, merchantId, false));
    }

    ChargeableCard reserve(String merchantId, String token, long amount, String currency, String channel,
                           Actor actor) {
        Lookup lookup = lookup(merchantId, token, channel, actor);
        for (int attempt = 0; attempt < 2; attempt++) {
            Candidate c = find(lookup).orElseThrow(TokenReservations::notFound);
            check(c, merchantId, amount, currency, channel, actor);
            if (!c.singleUse() || jdbc.sql(SPEND).param(c.id()).update() == 1) {
                return chargeable(c, merchantId, c.singleUse());
            }
        }
        throw alreadyUsed();
    }

    private Lookup lookup(String merchantId, String token, String channel, Actor actor) {
        Objects.requireNonNull(actor, "actor");
        if (!TokenControls.CUSTOMER_INITIATED.equals(channel) && !TokenControls.MERCHANT_INITIATED.equals(channel)) {
            throw ApiException.invalid("channel", "channel must be customer_initiated or merchant_initiated.");
        }
        if (!TokenValues.wellFormed(token)) {
            throw notFound();
        }
        return new Lookup(vault.lookupHash(token), merchantId);
    }

    private static ChargeableCard chargeable(Candidate c, String merchantId, boolean spent) {
        return new ChargeableCard(c.id(), c.cardId(), merchantId, c.sealed(), c.brand(), c.last4(), c.expMonth(),
                c.expYear(), spent);
    }

    void releaseUse(long tokenId) {
        jdbc.sql("UPDATE tokens SET used_at = NULL WHERE id = ? AND usage = 'single_use'").param(tokenId).update();
    }

    private Optional<Candidate> find(Lookup lookup) {
        return findAll(List.of(lookup)).getFirst();
    }

    /** One answer per lookup, in order, from one statement. */
    private List<Optional<Candidate>> findAll(List<Lookup> lookups) {
        boolean one = lookups.size() == 1;
        List<Map.Entry<Integer, Candidate>> rows = jdbc.sql(one ? CANDIDATE : CANDIDATE_BATCH)
                .params(one ? lookups.getFirst().hash() : lookups.stream().map(Lookup::hash).toArray(byte[][]::new),
                        one ? lookups.getFirst().merchantId()
                                : lookups.stream().map(Lookup::merchantId).toArray(String[]::new))
                .query((rs, i) -> Map.entry(rs.getInt("n"), new Candidate(rs.getLong("id"),
                        rs.getString("card_id"), rs.getString("hint"), rs.getString("status"),
                        TokenControls.SINGLE_USE.equals(rs.getString("usage")), rs.getBoolean("used"),
                        rs.getBoolean("lapsed"), Rows.nullableLong(rs, "max_amount"),
                        rs.getString("max_amount_currency"), rs.getString("channel"), rs.getBytes("sealed"),
                        rs.getString("brand"), rs.getString("last4"), rs.getInt("exp_month"), rs.getInt("exp_year"),
                        rs.getBoolean("canary"), rs.getBoolean("cut_off"), rs.getString("incident_id"))))
                .list();
        return Rows.byOrdinal(rows, lookups.size());
    }

    /** The group read itself (tests observe the grouping through it). */
    GroupCommit<?, ?> reads() {
        return reads;
    }

    @PreDestroy
    void close() {
        reads.close();
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
