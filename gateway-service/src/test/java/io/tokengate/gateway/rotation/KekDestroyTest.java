package io.tokengate.gateway.rotation;

import static io.tokengate.gateway.support.OpsFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.tokengate.gateway.support.HttpTestClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Destroying a retired KEK version: refused while anything names it, refused for the current
 * version, and done only when a second, different admin approves it.
 */
class KekDestroyTest extends RotationTestSupport {

    @Test
    void destroyWhenCardsStillUseTheVersionThenKekInUseUntilTheRewrapCompletes() throws Exception {
        rotateAndSettle();
        seedCards(fixture().merchant().id(), 20);
        faults.crashAfter(0); // the re-wrap job is down: the old version stays in use
        JsonNode started = rotate();
        int old = started.get("from_version").asInt();

        HttpResponse<String> refused = destroy(ops(), old);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
        JsonNode problem = json(refused);
        assertThat(problem.get("code").asString()).isEqualTo("kek_in_use");
        assertThat(problem.get("usage").get("cards").asLong()).isGreaterThanOrEqualTo(20);
        assertThat(problem.get("usage").get("tokens").asLong()).isGreaterThanOrEqualTo(20);
        assertThat(problem.get("instances").asLong()).isZero();

        faults.recover();
        awaitCompleted(started.get("id").asString(), Duration.ofSeconds(30));
        HttpResponse<String> requested = destroy(ops(), old);
        assertThat(requested.statusCode()).as(requested.body()).isEqualTo(202);
        assertThat(json(requested).get("status").asString()).isEqualTo("pending");
        reject(json(requested).get("id").asString());
    }

    @Test
    void destroyWhenCurrentUnknownOrMalformedVersionThenRefused() throws Exception {
        int current = rotateAndSettle();
        HttpResponse<String> currentRefused = destroy(ops(), current);
        assertThat(currentRefused.statusCode()).as(currentRefused.body()).isEqualTo(409);
        assertThat(json(currentRefused).get("code").asString()).isEqualTo("state_conflict");
        assertThat(destroy(ops(), current + 1000).statusCode()).isEqualTo(404);
        HttpResponse<String> malformed = ops().send("POST", "/ops/keys/versions/abc/destroy", null, null);
        assertThat(malformed.statusCode()).as(malformed.body()).isEqualTo(400);
        assertThat(keyRing.kekVersions()).contains(current);
    }

    @Test
    void destroyWhenASecondAdminApprovesThenTheVersionIsGoneAndEverythingStillOpens() throws Exception {
        rotateAndSettle();
        seedCards(fixture().merchant().id(), 50);
        JsonNode rotation = rotate();
        int old = rotation.get("from_version").asInt();
        int current = rotation.get("to_version").asInt();
        awaitCompleted(rotation.get("id").asString(), Duration.ofSeconds(30));

        HttpResponse<String> requested = destroy(ops(), old);
        assertThat(requested.statusCode()).as(requested.body()).isEqualTo(202);
        JsonNode approval = json(requested);
        assertThat(approval.get("action").asString()).isEqualTo("kek.destroy");
        assertThat(approval.get("params").get("version").asInt()).isEqualTo(old);
        String approvalId = approval.get("id").asString();

        HttpResponse<String> self = ops().send("POST", "/ops/approvals/" + approvalId + "/approve", null, null);
        assertThat(self.statusCode()).as(self.body()).isEqualTo(409);
        assertThat(json(self).get("code").asString()).isEqualTo("dual_control_required");
        assertThat(keyRing.kekVersions()).as("nothing ran on a self-approval").contains(old);

        HttpResponse<String> approved = secondAdmin().send("POST", "/ops/approvals/" + approvalId + "/approve",
                null, null);
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        assertThat(json(approved).get("status").asString()).isEqualTo("executed");

        assertThat(keyRing.kekVersions()).doesNotContain(old).contains(current);
        JsonNode version = versionOf(json(ops().get("/ops/keys")), old);
        assertThat(version.get("status").asString()).isEqualTo("destroyed");
        assertThat(version.get("destroyed_by").asString()).isNotEqualTo("admin");
        assertThat(cardsUnder(old) + tokensUnder(old)).isZero();
        assertThat(rowsNotUnder(current)).isZero();
        assertThat(openEverything()).isZero();
        HttpResponse<String> again = destroy(ops(), old);
        assertThat(again.statusCode()).as(again.body()).isEqualTo(409);
        assertThat(json(again).get("code").asString()).isEqualTo("state_conflict");
    }

    @Test
    void approveWhenAnInstanceStillSealsUnderTheVersionThenTheDestructionFailsAndNothingChanges() throws Exception {
        rotateAndSettle();
        JsonNode rotation = rotate();
        int old = rotation.get("from_version").asInt();
        awaitCompleted(rotation.get("id").asString(), Duration.ofSeconds(30));
        HttpResponse<String> requested = destroy(ops(), old);
        assertThat(requested.statusCode()).as(requested.body()).isEqualTo(202);
        // Meanwhile an instance that has not reloaded reports the old version.
        jdbc.update("INSERT INTO kek_instances (instance_id, host, kek_version) VALUES ('inst_lagging', 'b', ?)", old);
        try {
            HttpResponse<String> approved = secondAdmin().send("POST", "/ops/approvals/"
                    + json(requested).get("id").asString() + "/approve", null, null);
            assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
            JsonNode decided = json(approved);
            assertThat(decided.get("status").asString()).isEqualTo("failed");
            assertThat(decided.get("result").get("error").get("code").asString()).isEqualTo("kek_in_use");
            assertThat(keyRing.kekVersions()).contains(old);
            assertThat(versionOf(json(ops().get("/ops/keys")), old).get("status").asString()).isEqualTo("retired");
        } finally {
            jdbc.update("DELETE FROM kek_instances WHERE instance_id = 'inst_lagging'");
        }
    }

    private HttpResponse<String> destroy(HttpTestClient client, int version) {
        return client.send("POST", "/ops/keys/versions/" + version + "/destroy", null, null);
    }

    private void reject(String approvalId) {
        HttpResponse<String> rejected = ops().post("/ops/approvals/" + approvalId + "/reject", "{}");
        assertThat(rejected.statusCode()).as(rejected.body()).isEqualTo(200);
    }

    private HttpTestClient secondAdmin() {
        String name = "keys-admin-" + System.nanoTime();
        String password = "second-admin-password-1";
        HttpResponse<String> created = ops().post("/ops/users", """
                {"username": "%s", "password": "%s", "role": "admin"}""".formatted(name, password));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return http().basic(name, password);
    }

    private static JsonNode versionOf(JsonNode ring, int version) {
        for (JsonNode v : ring.get("versions")) {
            if (v.get("version").asInt() == version) {
                return v;
            }
        }
        throw new AssertionError("no version " + version + " in " + ring);
    }
}
