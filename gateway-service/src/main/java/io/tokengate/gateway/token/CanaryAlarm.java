package io.tokengate.gateway.token;

import io.tokengate.gateway.audit.Actor;
import io.tokengate.gateway.audit.AuditEntry;
import io.tokengate.gateway.audit.AuditLog;
import io.tokengate.gateway.keys.VaultService;
import io.tokengate.gateway.web.ErrorCode;
import io.tokengate.gateway.web.Ids;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Raises the critical security event {@code security.canary_used} when a canary token is used: a
 * decoy ops minted for the merchant to plant among its stored tokens, which nobody with legitimate
 * business ever presents, so its use proves the merchant's token store leaked.
 *
 * <p>The answer never tells the caller it tripped a canary. A charge on a live canary is refused
 * with the same 402 {@code card_declined} / {@code generic_decline} problem a real decline has (with
 * a fresh charge id), without calling the acquirer; a revoked canary answers {@code token_revoked}
 * like any revoked token; a read answers the token like any other.
 */
@Component
class CanaryAlarm {

    static final String ACTION = "security.canary_used";
    static final String GENERIC_DECLINE = "generic_decline";

    private final JdbcClient jdbc;
    private final VaultService vault;
    private final AuditLog audit;

    CanaryAlarm(JdbcClient jdbc, VaultService vault, AuditLog audit) {
        this.jdbc = jdbc;
        this.vault = vault;
        this.audit = audit;
    }

    /**
     * The refusal of a charge on a canary, carrying its event (recorded after the charge's
     * transaction rolls back, like a revoked token's: see {@link TokenRefusals}).
     */
    static TokenRefusedException chargeRefusal(Actor actor, String merchantId, long tokenId, String hint,
                                               boolean revoked, long amount, String currency, String channel) {
        AuditEntry event = event(actor, merchantId, tokenId, hint, "charge").detail("amount", amount)
                .detail("currency", currency).detail("channel", channel).detail("token_status",
                        revoked ? TokenDetails.REVOKED : TokenDetails.ACTIVE).build();
        if (revoked) {
            return new TokenRefusedException(ErrorCode.TOKEN_REVOKED, "This token has been revoked and can no longer "
                    + "be charged.", "token", event);
        }
        return new TokenRefusedException(ErrorCode.CARD_DECLINED, "The card was declined (" + GENERIC_DECLINE + ").",
                null, Map.of("decline_code", GENERIC_DECLINE, "charge", Ids.generate("ch_")), event);
    }

    /**
     * Outside any transaction: records the event, in a transaction of its own, if {@code token} is one
     * of the merchant's canaries (one lookup by keyed hash). For reads and revocations by value.
     *
     * @param route method and route template, e.g. {@code GET /v1/tokens/{token}}; never the raw URI
     */
    void raiseIfCanary(String merchantId, String token, Actor actor, String route) {
        if (!TokenValues.wellFormed(token)) {
            return;
        }
        jdbc.sql("SELECT id, hint FROM tokens WHERE lookup_hash = ? AND merchant_id = ? AND canary")
                .params(vault.lookupHash(token), merchantId)
                .query((rs, n) -> event(actor, merchantId, rs.getLong("id"), rs.getString("hint"), "lookup")
                        .detail("route", route).build())
                .optional().ifPresent(audit::appendIndependently);
    }

    private static AuditEntry.Builder event(Actor actor, String merchantId, long tokenId, String hint, String use) {
        return AuditEntry.of(actor, ACTION).merchant(merchantId).subject("token", Long.toString(tokenId))
                .detail("token_hint", hint).detail("severity", "critical").detail("use", use);
    }
}
