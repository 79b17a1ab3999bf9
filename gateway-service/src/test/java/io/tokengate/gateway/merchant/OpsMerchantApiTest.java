package io.tokengate.gateway.merchant;

import static io.tokengate.gateway.support.OpsFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.tokengate.gateway.support.IntegrationTest;
import io.tokengate.gateway.support.OpsFixture.TestMerchant;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

class OpsMerchantApiTest extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void opsWhenNoCredentialsThenProblem401WithoutBasicChallenge() {
        HttpResponse<String> response = http().get("/ops/merchants");
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("application/problem+json"));
        assertThat(response.headers().firstValue("WWW-Authenticate")).isEmpty();
        assertThat(json(response).get("code").asString()).isEqualTo("authentication_required");
        assertThat(json(response).get("request_id").asString()).startsWith("req_");
    }

    @Test
    void opsWhenWrongPasswordThen401() {
        HttpResponse<String> response = http().basic(ADMIN_USER, "wrong-password-123").get("/ops/merchants");
        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void auditorWhenReadingThenAllowedAndWhenActingThenForbidden() {
        String name = "auditor" + System.nanoTime();
        HttpResponse<String> created = ops().post("/ops/users", """
                {"username": "%s", "password": "auditor-password-1", "role": "auditor"}""".formatted(name));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.body()).doesNotContain("auditor-password-1").doesNotContain("password_hash");

        var auditor = http().basic(name, "auditor-password-1");
        assertThat(auditor.get("/ops/merchants").statusCode()).isEqualTo(200);
        HttpResponse<String> denied = auditor.post("/ops/merchants", "{\"name\": \"x\"}");
        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(json(denied).get("code").asString()).isEqualTo("forbidden");
    }

    @Test
    void createMerchantWhenValidThenReturnedWithNormalisedOriginsAndAudited() {
        HttpResponse<String> created = ops().post("/ops/merchants", """
                {"name": "Acme", "return_origins": ["HTTPS://Shop.Example:443", "http://localhost:3000"]}""");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode merchant = json(created);
        assertThat(merchant.get("id").asString()).startsWith("mer_");
        assertThat(merchant.get("status").asString()).isEqualTo("active");
        assertThat(merchant.get("return_origins").toString()).isEqualTo("[\"https://shop.example\",\"http://localhost:3000\"]");

        HttpResponse<String> fetched = ops().get("/ops/merchants/" + merchant.get("id").asString());
        assertThat(json(fetched).get("name").asString()).isEqualTo("Acme");
        Integer audited = jdbc.sql("SELECT count(*) FROM audit_events WHERE action = 'merchant.created' AND merchant_id = ?")
                .param(merchant.get("id").asString()).query(Integer.class).single();
        assertThat(audited).isEqualTo(1);
    }

    @Test
    void createMerchantWhenOriginHasPathOrIsPlainHttpThenRefusedWithParam() {
        for (String origin : new String[] {"https://shop.example/return", "http://shop.example", "javascript:alert(1)",
                "https://user@shop.example"}) {
            HttpResponse<String> response = ops().post("/ops/merchants",
                    "{\"name\": \"x\", \"return_origins\": [\"" + origin + "\"]}");
            assertThat(response.statusCode()).as(origin).isEqualTo(400);
            assertThat(json(response).get("param").asString()).isEqualTo("return_origins");
        }
    }

    @Test
    void createMerchantWhenUnknownFieldOrMalformedJsonThenStable400() {
        HttpResponse<String> unknown = ops().post("/ops/merchants", "{\"name\": \"x\", \"colour\": \"red\"}");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(json(unknown).get("code").asString()).isEqualTo("unknown_field");
        assertThat(json(unknown).get("param").asString()).isEqualTo("colour");

        HttpResponse<String> malformed = ops().post("/ops/merchants", "{\"name\": ");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(json(malformed).get("code").asString()).isEqualTo("malformed_json");

        HttpResponse<String> wrongType = ops().send("POST", "/ops/merchants", "text/plain", "name=x");
        assertThat(wrongType.statusCode()).isEqualTo(415);
        assertThat(json(wrongType).get("code").asString()).isEqualTo("unsupported_media_type");
    }

    @Test
    void listMerchantsWhenPagedThenEveryMerchantOnceInNewestFirstOrder() {
        for (int i = 0; i < 5; i++) {
            fixture().merchant();
        }
        Set<String> seen = new HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            HttpResponse<String> page = ops().get("/ops/merchants?limit=2" + (cursor == null ? "" : "&starting_after=" + cursor));
            assertThat(page.statusCode()).isEqualTo(200);
            JsonNode body = json(page);
            body.get("data").forEach(m -> assertThat(seen.add(m.get("id").asString())).isTrue());
            cursor = body.get("has_more").asBoolean() ? body.get("next_cursor").asString() : null;
            pages++;
        } while (cursor != null && pages < 1000);
        assertThat(seen.size()).isGreaterThanOrEqualTo(5);
        HttpResponse<String> bad = ops().get("/ops/merchants?starting_after=not-a-cursor");
        assertThat(bad.statusCode()).isEqualTo(400);
    }

    @Test
    void issueKeyWhenCreatedThenSecretShownOnceAndOnlyItsHashStored() {
        TestMerchant merchant = fixture().merchant();
        HttpResponse<String> issued = ops().post("/ops/merchants/" + merchant.id() + "/keys",
                "{\"scopes\": [\"charges:write\", \"tokens:read\"]}");
        assertThat(issued.statusCode()).isEqualTo(201);
        String secret = json(issued).get("secret").asString();
        assertThat(secret).startsWith("sk_").hasSizeGreaterThan(40);

        HttpResponse<String> listed = ops().get("/ops/merchants/" + merchant.id() + "/keys");
        assertThat(listed.body()).doesNotContain(secret);
        assertThat(json(listed).get("data").get(0).get("secret_hint").asString()).isEqualTo(secret.substring(secret.length() - 4));
        Integer plaintext = jdbc.sql("SELECT count(*) FROM api_keys WHERE encode(secret_hash, 'escape') LIKE ?")
                .param("%" + secret + "%").query(Integer.class).single();
        assertThat(plaintext).isZero();
    }

    @Test
    void issueKeyWhenScopeUnknownOrExpiryPastThenRefused() {
        TestMerchant merchant = fixture().merchant();
        HttpResponse<String> scope = ops().post("/ops/merchants/" + merchant.id() + "/keys", "{\"scopes\": [\"root\"]}");
        assertThat(scope.statusCode()).isEqualTo(400);
        assertThat(json(scope).get("param").asString()).isEqualTo("scopes");
        HttpResponse<String> past = ops().post("/ops/merchants/" + merchant.id() + "/keys",
                "{\"scopes\": [\"charges:write\"], \"expires_at\": \"2001-01-01T00:00:00Z\"}");
        assertThat(past.statusCode()).isEqualTo(400);
        assertThat(json(past).get("param").asString()).isEqualTo("expires_at");
    }

    @Test
    void revokeKeyWhenRevokedTwiceThenSecondIsConflict() {
        TestMerchant merchant = fixture().merchant();
        fixture().issueKey(merchant.id(), "charges:write");
        String keyId = json(ops().get("/ops/merchants/" + merchant.id() + "/keys")).get("data").get(0).get("id").asString();
        HttpResponse<String> first = ops().post("/ops/merchants/" + merchant.id() + "/keys/" + keyId + "/revoke", "{}");
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(json(first).get("status").asString()).isEqualTo("revoked");
        HttpResponse<String> second = ops().post("/ops/merchants/" + merchant.id() + "/keys/" + keyId + "/revoke", "{}");
        assertThat(second.statusCode()).isEqualTo(409);
        HttpResponse<String> otherMerchant = ops().post("/ops/merchants/" + fixture().merchant().id() + "/keys/" + keyId
                + "/revoke", "{}");
        assertThat(otherMerchant.statusCode()).isEqualTo(404);
    }

    @Test
    void setAclWhenValidThenReadBackAndWhenInvalidThenRefused() {
        TestMerchant merchant = fixture().merchant();
        HttpResponse<String> set = ops().put("/ops/merchants/" + merchant.id() + "/acl", """
                {"allowed_cidrs": ["203.0.113.0/24", "127.0.0.1/32"], "merchant_initiated_allowed": false,
                 "currencies": [{"currency": "EUR", "per_charge_max": 50000, "daily_max": 1000000}]}""");
        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
        JsonNode acl = json(ops().get("/ops/merchants/" + merchant.id() + "/acl"));
        assertThat(acl.get("allowed_cidrs").toString()).contains("203.0.113.0/24");
        assertThat(acl.get("currencies").get(0).get("per_charge_max").asLong()).isEqualTo(50000);

        assertThat(json(ops().put("/ops/merchants/" + merchant.id() + "/acl",
                "{\"allowed_cidrs\": [\"not-a-network\"]}")).get("param").asString()).isEqualTo("allowed_cidrs");
        HttpResponse<String> currency = ops().put("/ops/merchants/" + merchant.id() + "/acl",
                "{\"currencies\": [{\"currency\": \"EURO\"}]}");
        assertThat(json(currency).get("code").asString()).isEqualTo("currency_invalid");
        HttpResponse<String> cap = ops().put("/ops/merchants/" + merchant.id() + "/acl",
                "{\"currencies\": [{\"currency\": \"EUR\", \"daily_max\": -1}]}");
        assertThat(json(cap).get("code").asString()).isEqualTo("amount_invalid");
    }

    @Test
    void suspendWhenCalledThenStatusSuspendedAndResumeRestores() {
        TestMerchant merchant = fixture().merchant();
        assertThat(json(ops().post("/ops/merchants/" + merchant.id() + "/suspend", "")).get("status").asString())
                .isEqualTo("suspended");
        assertThat(json(ops().post("/ops/merchants/" + merchant.id() + "/resume", "")).get("status").asString())
                .isEqualTo("active");
        assertThat(ops().get("/ops/merchants/mer_doesnotexist0000").statusCode()).isEqualTo(404);
    }
}
