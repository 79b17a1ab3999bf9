package io.tokengate.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokengate.sdk.exception.AuthenticationException;
import io.tokengate.sdk.model.TokenMigration;
import io.tokengate.sdk.model.TokenPair;
import io.tokengate.sdk.param.ChargeCreateParams;
import io.tokengate.sdk.param.TokenPairListParams;
import io.tokengate.sdk.testing.GatewayTest;
import io.tokengate.sdk.testing.OpsApi;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code client.tokenMigrations()} after a real containment: ops open an incident, the merchant
 * reads the old → new mapping with the key handed over, charges with the new tokens, and marks
 * the migration done. The old key is refused.
 */
class TokenMigrationServiceTest extends GatewayTest {

    @Test
    void listPairsWhenMerchantContainedThenEveryOldTokenMapsToAWorkingNewOne() throws Exception {
        TestMerchant merchant = merchant();
        TokenGateClient old = merchant.client();
        List<String> stored = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            stored.add(merchant.card("4242424242424242"));
        }
        JsonNode incident = OpsApi.expect(201, ops().post("/ops/merchants/" + merchant.id() + "/incidents",
                "{\"reason\": \"token store leaked\"}"));
        TokenGateClient contained = merchant.clientWithSecret(incident.get("new_api_key").get("secret").asString());
        String migrationId = incident.get("token_migration").asString();

        TokenMigration migration = awaitReady(contained, migrationId);
        Map<String, String> mapping = new HashMap<>();
        for (TokenPair pair : contained.tokenMigrations().listPairs(migrationId,
                TokenPairListParams.builder().limit(2).build(), RequestOptions.defaults()).autoPagingIterable()) {
            mapping.put(pair.oldToken(), pair.newToken());
        }

        assertThat(migration.incident()).isEqualTo(incident.get("id").asString());
        assertThat(migration.tokensTotal()).isEqualTo(5);
        assertThat(mapping).containsOnlyKeys(stored);
        assertThat(mapping.values()).doesNotContainNull().doesNotHaveDuplicates();
        assertThat(contained.tokenMigrations().list().data()).extracting(TokenMigration::id).contains(migrationId);
        assertThat(contained.charges().create(ChargeCreateParams.builder().token(mapping.get(stored.getFirst()))
                .amount(100).currency("EUR").build()).status()).isEqualTo("captured");
        assertThatThrownBy(() -> old.tokens().get(stored.getFirst()))
                .isInstanceOfSatisfying(AuthenticationException.class,
                        e -> assertThat(e.getCode()).isEqualTo("api_key_revoked"));

        TokenMigration done = contained.tokenMigrations().markDone(migrationId);

        assertThat(done.status()).isEqualTo("done");
        assertThat(done.doneAt()).isNotNull();
        assertThat(contained.tokenMigrations().get(migrationId).status()).isEqualTo("done");
    }

    private static TokenMigration awaitReady(TokenGateClient client, String id) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            TokenMigration m = client.tokenMigrations().get(id);
            if ("ready".equals(m.status())) {
                return m;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("token migration " + id + " never became ready");
    }
}
