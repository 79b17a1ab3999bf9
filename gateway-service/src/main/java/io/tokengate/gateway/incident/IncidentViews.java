package io.tokengate.gateway.incident;

import io.tokengate.gateway.token.TokenPair;
import java.time.Instant;
import java.util.List;

/** JSON shapes of the incident, migration and canary APIs (snake_case on the wire). */
final class IncidentViews {

    private IncidentViews() {
    }

    /** Body of {@code POST /ops/merchants/{id}/incidents}. */
    record OpenIncident(String reason) {
    }

    /** The key that replaced the merchant's keys; {@code secret} only in the answer that opened the incident. */
    record NewKeyView(String id, String secret, List<String> scopes) {
        @Override
        public String toString() {
            return "NewKeyView[" + id + "]";
        }
    }

    record IncidentView(String id, String object, String merchant, String status, String reason, String openedBy,
                        NewKeyView newApiKey, int apiKeysRevoked, String tokenMigration, long tokensTotal,
                        long tokensRevoked, long tokensReplaced, int batches, Instant createdAt, Instant updatedAt,
                        Instant completedAt) {

        static IncidentView of(Incident i, NewKeyView key) {
            return new IncidentView(i.id(), "incident", i.merchantId(), i.status(), i.reason(), i.openedBy(), key,
                    i.apiKeysRevoked(), i.migrationId(), i.tokensTotal(), i.tokensRevoked(), i.tokensReplaced(),
                    i.batches(), i.createdAt(), i.updatedAt(), i.completedAt());
        }
    }

    record MigrationView(String id, String object, String incident, String status, long tokensTotal,
                         long tokensRevoked, long tokensReplaced, Instant createdAt, Instant readyAt, Instant doneAt) {

        static MigrationView of(TokenMigrations.Migration m) {
            return new MigrationView(m.id(), "token_migration", m.incidentId(), m.status(), m.tokensTotal(),
                    m.tokensRevoked(), m.tokensReplaced(), m.createdAt(), m.readyAt(), m.doneAt());
        }
    }

    /** One old → new pair; {@code new_token} is null when the old token was revoked without a replacement. */
    record PairView(String object, String oldToken, String newToken) {

        static PairView of(TokenPair p) {
            return new PairView("token_pair", p.oldToken(), p.newToken());
        }

        @Override
        public String toString() {
            return "PairView[hidden]";
        }
    }
}
