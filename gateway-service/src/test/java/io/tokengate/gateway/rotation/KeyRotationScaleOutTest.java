package io.tokengate.gateway.rotation;

import static io.tokengate.gateway.support.OpsFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.tokengate.gateway.keys.KeyRingSync;
import io.tokengate.gateway.support.HttpTestClient;
import io.tokengate.gateway.support.OpsFixture.TestMerchant;
import io.tokengate.gateway.support.SecondInstance;
import io.tokengate.vault.KeyRing;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Two gateway instances on one database and one key store: a rotation made through one reaches
 * the other without a restart, and what the other sealed before it caught up is re-wrapped too.
 */
class KeyRotationScaleOutTest extends RotationTestSupport {

    @Test
    void rotateWhenAnotherInstanceHasNotReloadedYetThenItsNewCardsAreMovedAndItCatchesUpWithoutRestart()
            throws Exception {
        rotateAndSettle();
        TestMerchant merchant = fixture().merchant();
        try (ConfigurableApplicationContext second =
                     SecondInstance.start(Map.of("tokengate.keys.sync-interval", "500ms"))) {
            KeyRing ringB = second.getBean(KeyRing.class);
            KeyRingSync syncB = second.getBean(KeyRingSync.class);
            HttpTestClient opsB = new HttpTestClient(SecondInstance.baseUrl(second)).basic(ADMIN_USER, ADMIN_PASSWORD);
            int before = keyRing.currentKekVersion();
            assertThat(ringB.currentKekVersion()).isEqualTo(before);
            syncB.pauseReload(true); // B stays in the window between A's rotation and B's next poll
            // A's re-wrap job is held too, or it could move B's new card before the first check sees it.
            faults.crashAfter(0);

            JsonNode started = rotate();
            int to = started.get("to_version").asInt();
            String cardOnB = importCard(opsB, merchant.id());
            assertThat(cardKekVersion(cardOnB)).as("B still seals under the old version").isEqualTo(before);
            Thread.sleep(3_000);
            JsonNode waiting = rotation(started.get("id").asString());
            assertThat(waiting.get("status").asString()).as("B is live and behind").isEqualTo("rewrapping");
            assertThat(json(ops().get("/ops/keys")).get("instances").findValuesAsString("kek_version"))
                    .isNotEmpty();

            faults.recover();
            syncB.pauseReload(false);
            await(() -> ringB.currentKekVersion() == to, Duration.ofSeconds(10), "B reloads by itself");
            JsonNode done = awaitCompleted(started.get("id").asString(), Duration.ofSeconds(30));
            assertThat(done.get("cards_rewrapped").asLong()).isGreaterThanOrEqualTo(1);
            assertThat(cardKekVersion(cardOnB)).as("B's card was moved").isEqualTo(to);
            assertThat(cardKekVersion(importCard(opsB, merchant.id()))).isEqualTo(to);
            assertThat(rowsNotUnder(to)).isZero();
            assertThat(openEverything()).isZero();
        }
    }

    private String importCard(HttpTestClient opsB, String merchantId) {
        HttpResponse<String> imported = opsB.post("/ops/merchants/" + merchantId + "/cards", """
                {"number": "%s", "exp_month": 12, "exp_year": 2034, "cardholder_name": "On B"}"""
                .formatted(randomVisa()));
        assertThat(imported.statusCode()).as(imported.body()).isEqualTo(201);
        String token = json(imported).get("token").asString();
        return jdbc.queryForObject("SELECT card_id FROM tokens WHERE lookup_hash = ?", String.class,
                (Object) vault.lookupHash(token));
    }

    private int cardKekVersion(String cardId) {
        return jdbc.queryForObject("SELECT kek_version FROM cards WHERE id = ?", Integer.class, cardId);
    }

    private static void await(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}
