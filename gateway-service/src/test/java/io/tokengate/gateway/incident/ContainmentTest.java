package io.tokengate.gateway.incident;

import static io.tokengate.gateway.incident.IncidentTestSupport.chargeBody;
import static io.tokengate.gateway.incident.IncidentTestSupport.code;
import static io.tokengate.gateway.incident.IncidentTestSupport.ok;
import static org.assertj.core.api.Assertions.assertThat;

import io.tokengate.gateway.audit.Actor;
import io.tokengate.gateway.support.HttpTestClient;
import io.tokengate.gateway.support.IntegrationTest;
import io.tokengate.gateway.support.OpsFixture.TestMerchant;
import io.tokengate.gateway.token.TokenControls;
import io.tokengate.gateway.token.TokenFormat;
import io.tokengate.gateway.token.Tokens;
import io.tokengate.gateway.web.Cursors;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Containment of a merchant with a few thousand tokens, end to end over HTTP: what is refused the
 * moment the incident is opened (with the worker paused), the background work, the mapping the
 * merchant fetches with its new key, and a second merchant left alone.
 */
class ContainmentTest extends IntegrationTest {

    private static final Actor CHECKER = Actor.merchantKey("key_containmenttest00000", "127.0.0.1");

    @Autowired
    Tokens tokens;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ContainmentProperties props;
    @Autowired
    ContainmentWorker worker;

    @BeforeEach
    void pauseWorker() {
        props.setPaused(true);
        props.setBatchSize(1_000);
    }

    @AfterEach
    void resumeWorker() {
        props.setFailNextBatchAfter(-1);
        props.setBatchSize(5_000);
        props.setPaused(false);
    }

    @Test
    void containWhenThousandsOfTokensThenOldRefusedAtOnceAndAllReplacedByTheWorker() {
        TestMerchant merchant = fixture().merchant();
        HttpTestClient oldFull = merchant.client("charges:write", "tokens:read");
        HttpTestClient oldCharges = merchant.client("charges:write", "refunds:read");
        List<String> bulk = IncidentTestSupport.bulkTokens(tx, tokens, merchant.id(), 30, 100, TokenFormat.OPAQUE);
        List<String> fpe = IncidentTestSupport.bulkTokens(tx, tokens, merchant.id(), 2, 5,
                TokenFormat.FORMAT_PRESERVING);
        String capped = IncidentTestSupport.token(tx, tokens, merchant.id(),
                new TokenControls("multi_use", null, 5_000L, "EUR", "customer_initiated"));
        String spent = IncidentTestSupport.token(tx, tokens, merchant.id(),
                new TokenControls("single_use", null, null, null, null));
        ok(oldFull.post("/v1/charges", chargeBody(spent, 100)), 201);
        String suspended = bulk.get(7);
        ok(ops().post("/ops/merchants/" + merchant.id() + "/tokens/" + suspended + "/suspend", null), 200);
        TestMerchant other = fixture().merchant();
        HttpTestClient otherClient = other.client();
        String otherToken = other.importCard("4242424242424242");
        List<String> all = new ArrayList<>(bulk);
        all.addAll(fpe);
        all.add(capped);
        all.add(spent);

        JsonNode opened = ok(ops().post("/ops/merchants/" + merchant.id() + "/incidents",
                "{\"reason\": \"token store exfiltrated\"}"), 201);

        assertThat(opened.get("id").asString()).startsWith("inc_");
        assertThat(opened.get("status").asString()).isEqualTo("containing");
        assertThat(opened.get("tokens_total").asLong()).isEqualTo(all.size());
        assertThat(opened.get("api_keys_revoked").asInt()).isEqualTo(2);
        JsonNode newKey = opened.get("new_api_key");
        assertThat(newKey.get("scopes").valueStream().map(JsonNode::asString).toList())
                .containsExactlyInAnyOrder("charges:write", "migrations:read", "refunds:read", "tokens:read");
        HttpTestClient fresh = fixture().client(newKey.get("secret").asString());
        // From the moment the call returned, before the worker has run: old keys and old tokens refused.
        assertThat(code(oldFull.get("/v1/tokens/" + bulk.getFirst()))).isEqualTo("api_key_revoked");
        assertThat(code(oldCharges.post("/v1/charges", chargeBody(bulk.get(1), 100)))).isEqualTo("api_key_revoked");
        HttpResponse<String> refused = fresh.post("/v1/charges", chargeBody(bulk.get(2), 100));
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
        assertThat(code(refused)).isEqualTo("token_revoked");
        assertThat(code(fresh.post("/v1/charges", chargeBody(fpe.getFirst(), 100)))).isEqualTo("token_revoked");
        assertThat(ok(fresh.get("/v1/tokens/" + bulk.get(3)), 200).get("status").asString()).isEqualTo("revoked");
        assertThat(activeRows(merchant.id())).isEqualTo(all.size());
        JsonNode again = json409(ops().post("/ops/merchants/" + merchant.id() + "/incidents",
                "{\"reason\": \"again\"}"));
        assertThat(again.get("incident").asString()).isEqualTo(opened.get("id").asString());

        int steps = worker.runPending();

        assertThat(steps).isGreaterThanOrEqualTo(4);
        JsonNode contained = ok(ops().get("/ops/incidents/" + opened.get("id").asString()), 200);
        assertThat(contained.get("status").asString()).isEqualTo("contained");
        assertThat(contained.get("tokens_revoked").asLong()).isEqualTo(all.size());
        assertThat(contained.get("tokens_replaced").asLong()).isEqualTo(all.size() - 1);
        assertThat(contained.get("new_api_key").get("secret").isNull()).isTrue();
        String migration = contained.get("token_migration").asString();
        Map<String, String> pairs = pairs(fresh, migration);
        assertThat(pairs.keySet()).containsExactlyInAnyOrderElementsOf(all);
        assertThat(pairs.get(spent)).isNull();
        assertThat(new HashSet<>(pairs.values())).hasSize(all.size());
        assertThat(jdbc.sql("SELECT count(*) FROM tokens WHERE merchant_id = ? AND status = 'revoked' "
                + "AND replaced_by IS NULL AND revoked_reason LIKE 'incident%'").param(merchant.id())
                .query(Long.class).single()).isEqualTo(1);
        // Every replacement is chargeable and sits on its old token's card with the old controls.
        Set<String> checked = new HashSet<>();
        tx.executeWithoutResult(s -> {
            for (Map.Entry<String, String> p : pairs.entrySet()) {
                if (p.getValue() == null || p.getKey().equals(suspended)) {
                    continue;
                }
                long amount = p.getKey().equals(capped) ? 5_000 : 100;
                var card = tokens.reserveForCharge(merchant.id(), p.getValue(), amount, "EUR", "customer_initiated",
                        CHECKER);
                assertThat(card.cardId()).isEqualTo(tokens.get(merchant.id(), p.getKey()).cardId());
                checked.add(p.getKey());
            }
            s.setRollbackOnly();
        });
        assertThat(checked).hasSize(all.size() - 2);
        JsonNode cappedNew = ok(fresh.get("/v1/tokens/" + pairs.get(capped)), 200);
        assertThat(cappedNew.get("controls").get("max_amount").asLong()).isEqualTo(5_000);
        assertThat(cappedNew.get("controls").get("channel").asString()).isEqualTo("customer_initiated");
        assertThat(ok(fresh.get("/v1/tokens/" + pairs.get(suspended)), 200).get("status").asString())
                .isEqualTo("suspended");
        String fpeNew = pairs.get(fpe.get(3));
        assertThat(fpeNew).matches("[0-9]{16}").endsWith(fpe.get(3).substring(12));
        ok(fresh.post("/v1/charges", chargeBody(pairs.get(bulk.get(2)), 100)), 201);
        ok(fresh.post("/v1/charges", chargeBody(fpeNew, 100)), 201);
        // The other merchant is untouched.
        assertThat(ok(otherClient.get("/v1/tokens/" + otherToken), 200).get("status").asString()).isEqualTo("active");
        ok(otherClient.post("/v1/charges", chargeBody(otherToken, 100)), 201);
        assertThat(code(otherClient.get("/v1/token-migrations/" + migration))).isEqualTo("not_found");
        // The revoked key cannot read the mapping; the new key marks it done.
        assertThat(code(oldFull.get("/v1/token-migrations/" + migration))).isEqualTo("api_key_revoked");
        assertThat(ok(fresh.post("/v1/token-migrations/" + migration + "/done", null), 200).get("status")
                .asString()).isEqualTo("done");
        assertThat(ok(fresh.get("/v1/token-migrations"), 200).get("data").get(0).get("status").asString())
                .isEqualTo("done");
        assertThat(auditCount(merchant.id(), "incident.batch")).isEqualTo(contained.get("batches").asLong());
        assertThat(auditCount(merchant.id(), "incident.contained")).isEqualTo(1);
        assertThat(auditCount(merchant.id(), "token_migration.done")).isEqualTo(1);
    }

    @Test
    void containWhenWorkerCrashesMidBatchThenBatchRolledBackAndRetryCompletesIt() {
        TestMerchant merchant = fixture().merchant();
        List<String> bulk = IncidentTestSupport.bulkTokens(tx, tokens, merchant.id(), 5, 500, TokenFormat.OPAQUE);
        JsonNode opened = ok(ops().post("/ops/merchants/" + merchant.id() + "/incidents",
                "{\"reason\": \"crash drill\"}"), 201);
        String incident = opened.get("id").asString();

        assertThat(worker.runOneStep()).isTrue();
        assertThat(revokedRows(merchant.id())).isEqualTo(1_000);
        props.setFailNextBatchAfter(400);
        assertThat(org.assertj.core.api.Assertions.catchThrowable(worker::runOneStep))
                .hasMessageContaining("simulated crash");

        // The crashed batch left nothing behind: still exactly the first batch, each with its replacement.
        assertThat(revokedRows(merchant.id())).isEqualTo(1_000);
        assertThat(revokedWithoutReplacement(merchant.id())).isZero();
        JsonNode midway = ok(ops().get("/ops/incidents/" + incident), 200);
        assertThat(midway.get("tokens_revoked").asLong()).isEqualTo(1_000);
        assertThat(midway.get("batches").asInt()).isEqualTo(1);

        worker.runPending();

        JsonNode done = ok(ops().get("/ops/incidents/" + incident), 200);
        assertThat(done.get("status").asString()).isEqualTo("contained");
        assertThat(done.get("tokens_revoked").asLong()).isEqualTo(bulk.size());
        assertThat(done.get("tokens_replaced").asLong()).isEqualTo(bulk.size());
        assertThat(revokedRows(merchant.id())).isEqualTo(bulk.size());
        assertThat(revokedWithoutReplacement(merchant.id())).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM token_migration_pairs WHERE migration_id = ?")
                .param(done.get("token_migration").asString()).query(Long.class).single()).isEqualTo(bulk.size());
    }

    @Test
    void containWhenTokenCommittedLateBehindTheCursorThenFinalSweepRevokesIt() {
        TestMerchant merchant = fixture().merchant();
        IncidentTestSupport.bulkTokens(tx, tokens, merchant.id(), 1, 50, TokenFormat.OPAQUE);
        JsonNode opened = ok(ops().post("/ops/merchants/" + merchant.id() + "/incidents",
                "{\"reason\": \"late commit drill\"}"), 201);
        worker.runOneStep();
        // As if a request in flight when the incident opened had committed its token only now:
        // an id below the cutoff, behind the worker's cursor.
        long late = jdbc.sql("SELECT min(id) FROM tokens WHERE merchant_id = ?").param(merchant.id())
                .query(Long.class).single();
        jdbc.sql("UPDATE tokens SET status = 'active', revoked_at = NULL, revoked_reason = NULL, replaced_by = NULL "
                + "WHERE id = ?").param(late).update();
        jdbc.sql("DELETE FROM token_migration_pairs WHERE old_token_id = ?").param(late).update();

        worker.runPending();

        assertThat(ok(ops().get("/ops/incidents/" + opened.get("id").asString()), 200).get("status").asString())
                .isEqualTo("contained");
        assertThat(jdbc.sql("SELECT status FROM tokens WHERE id = ?").param(late).query(String.class).single())
                .isEqualTo("revoked");
        assertThat(revokedWithoutReplacement(merchant.id())).isZero();
    }

    @Test
    void revokeByMerchantWhenTokenAwaitsTheWorkerThenLeftToItAndStillReplaced() {
        TestMerchant merchant = fixture().merchant();
        merchant.client("tokens:read", "tokens:write"); // the containment key inherits these scopes
        List<String> old = IncidentTestSupport.bulkTokens(tx, tokens, merchant.id(), 1, 3, TokenFormat.OPAQUE);
        JsonNode opened = ok(ops().post("/ops/merchants/" + merchant.id() + "/incidents",
                "{\"reason\": \"merchant cleans up meanwhile\"}"), 201);
        HttpTestClient fresh = fixture().client(opened.get("new_api_key").get("secret").asString());

        JsonNode revoked = ok(fresh.delete("/v1/tokens/" + old.get(0)), 200);

        assertThat(revoked.get("status").asString()).isEqualTo("revoked");
        assertThat(jdbc.sql("SELECT count(*) FROM tokens WHERE merchant_id = ? AND status = 'revoked'")
                .param(merchant.id()).query(Long.class).single()).isZero();
        worker.runPending();
        assertThat(revokedWithoutReplacement(merchant.id())).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM token_migration_pairs WHERE migration_id = ? AND new_token_id IS NOT NULL")
                .param(opened.get("token_migration").asString()).query(Long.class).single()).isEqualTo(3);
    }

    @Test
    void migrationWhenInProgressThenPairsSoFarAndDoneRefusedUntilReady() {
        props.setBatchSize(10);
        TestMerchant merchant = fixture().merchant();
        IncidentTestSupport.bulkTokens(tx, tokens, merchant.id(), 1, 30, TokenFormat.OPAQUE);
        JsonNode opened = ok(ops().post("/ops/merchants/" + merchant.id() + "/incidents",
                "{\"reason\": \"partial reads\"}"), 201);
        HttpTestClient fresh = fixture().client(opened.get("new_api_key").get("secret").asString());
        String migration = opened.get("token_migration").asString();
        JsonNode before = ok(fresh.get("/v1/token-migrations/" + migration), 200);
        assertThat(before.get("status").asString()).isEqualTo("in_progress");
        assertThat(before.get("tokens_total").asLong()).isEqualTo(30);
        HttpResponse<String> early = fresh.post("/v1/token-migrations/" + migration + "/done", null);
        assertThat(early.statusCode()).isEqualTo(409);
        assertThat(code(early)).isEqualTo("state_conflict");

        worker.runOneStep();

        assertThat(ok(fresh.get("/v1/token-migrations/" + migration + "/pairs?limit=1000"), 200).get("data"))
                .hasSize(10);
        assertThat(ok(fresh.get("/v1/token-migrations/" + migration), 200).get("tokens_replaced").asLong())
                .isEqualTo(10);
        assertThat(code(fresh.get("/v1/token-migrations/" + migration + "/pairs?limit=1001")))
                .isEqualTo("parameter_invalid");
        worker.runPending();
        JsonNode ready = ok(fresh.get("/v1/token-migrations"), 200).get("data").get(0);
        assertThat(ready.get("id").asString()).isEqualTo(migration);
        assertThat(ready.get("status").asString()).isEqualTo("ready");
        assertThat(ready.get("ready_at").isNull()).isFalse();
        JsonNode listed = ok(ops().get("/ops/merchants/" + merchant.id() + "/incidents"), 200).get("data");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("new_api_key").get("secret").isNull()).isTrue();
    }

    @Test
    void openWhenMerchantUnknownOrReasonMissingThenRefused() {
        assertThat(ops().post("/ops/merchants/mer_unknown0000000000000/incidents", "{\"reason\": \"x\"}")
                .statusCode()).isEqualTo(404);
        TestMerchant merchant = fixture().merchant();
        HttpResponse<String> missing = ops().post("/ops/merchants/" + merchant.id() + "/incidents", "{}");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(code(missing)).isEqualTo("parameter_missing");
    }

    private static JsonNode json409(HttpResponse<String> response) {
        JsonNode body = ok(response, 409);
        assertThat(body.get("code").asString()).isEqualTo("state_conflict");
        return body;
    }

    /** Every pair of the migration, paged with the largest page and checked against the cursor. */
    private static Map<String, String> pairs(HttpTestClient client, String migration) {
        Map<String, String> pairs = new HashMap<>();
        String cursor = null;
        do {
            JsonNode page = ok(client.get("/v1/token-migrations/" + migration + "/pairs?limit=1000"
                    + (cursor == null ? "" : "&starting_after=" + cursor)), 200);
            for (JsonNode p : page.get("data")) {
                assertThat(pairs.containsKey(p.get("old_token").asString())).isFalse();
                pairs.put(p.get("old_token").asString(), p.get("new_token").isNull() ? null
                        : p.get("new_token").asString());
            }
            cursor = page.get("has_more").asBoolean() ? page.get("next_cursor").asString() : null;
            assertThat(cursor == null || Cursors.decodeLong(cursor) > 0).isTrue();
        } while (cursor != null);
        return pairs;
    }

    private long activeRows(String merchantId) {
        return jdbc.sql("SELECT count(*) FROM tokens WHERE merchant_id = ? AND status IN ('active', 'suspended')")
                .param(merchantId).query(Long.class).single();
    }

    private long revokedRows(String merchantId) {
        return jdbc.sql("SELECT count(*) FROM tokens WHERE merchant_id = ? AND status = 'revoked'").param(merchantId)
                .query(Long.class).single();
    }

    /** Revoked by the incident with no replacement although the token could have had one. */
    private long revokedWithoutReplacement(String merchantId) {
        return jdbc.sql("SELECT count(*) FROM tokens WHERE merchant_id = ? AND status = 'revoked' "
                + "AND replaced_by IS NULL").param(merchantId).query(Long.class).single();
    }

    private long auditCount(String merchantId, String action) {
        return jdbc.sql("SELECT count(*) FROM audit_events WHERE merchant_id = ? AND action = ?")
                .params(merchantId, action).query(Long.class).single();
    }
}
