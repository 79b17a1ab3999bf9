package io.tokengate.gateway.incident;

import io.tokengate.gateway.token.TokenReplacement;
import java.time.Instant;
import java.util.List;

/**
 * What containment announces to the rest of the gateway, as Spring application events published
 * inside the transaction that made the change (listen with
 * {@code @TransactionalEventListener(phase = BEFORE_COMMIT)} to write in the same transaction, e.g.
 * the webhook outbox: {@code incident.opened}, {@code token.revoked}, {@code token.replaced}).
 */
public final class IncidentEvents {

    private IncidentEvents() {
    }

    /**
     * Ops opened a containment: every key of the merchant was revoked, one new key issued, and every
     * token issued before {@code openedAt} is refused from this commit on.
     */
    public record IncidentOpened(String incidentId, String merchantId, String migrationId, String newApiKeyId,
                                 long tokensTotal, Instant openedAt) {
    }

    /**
     * One committed batch of the containment: these tokens were revoked, each replaced by the token
     * named (or by none). Row ids only; the values are the merchant's migration pairs.
     */
    public record TokensReplaced(String incidentId, String merchantId, String migrationId,
                                 List<TokenReplacement> replacements) {

        public TokensReplaced {
            replacements = List.copyOf(replacements);
        }
    }

    /** The containment finished: every pre-incident token is revoked and the migration is ready. */
    public record IncidentContained(String incidentId, String merchantId, String migrationId, long tokensRevoked,
                                    long tokensReplaced, Instant completedAt) {
    }
}
