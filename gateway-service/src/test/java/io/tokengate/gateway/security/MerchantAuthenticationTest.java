package io.tokengate.gateway.security;

import static io.tokengate.gateway.support.OpsFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.tokengate.gateway.support.IntegrationTest;
import io.tokengate.gateway.support.OpsFixture.TestMerchant;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The merchant API's front door: every stable 401/403/429 answer, key rolling and the audit it leaves. */
class MerchantAuthenticationTest extends IntegrationTest {

    private static final String THROTTLED_ADDRESS = "127.0.0.7";
    private static final String OTHER_ADDRESS = "127.0.0.8";
    private static final String OPS_ADDRESS = "127.0.0.9";

    @Autowired
    JdbcClient jdbc;

    @Autowired
    AuthThrottle throttle;

    @AfterEach
    void forgetFailures() {
        jdbc.sql("DELETE FROM auth_failures WHERE source_ip IN (?::inet, ?::inet, ?::inet)")
                .params(THROTTLED_ADDRESS, OTHER_ADDRESS, OPS_ADDRESS).update();
        throttle.refresh();
    }

    @Test
    void requestWhenNoAuthorizationThenAuthenticationRequired() {
        HttpResponse<String> response = http().get("/v1/tokens");
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(json(response).get("code").asString()).isEqualTo("authentication_required");
    }

    @Test
    void requestWhenSchemeNotBearerOrSecretUnknownThenApiKeyInvalid() {
        HttpResponse<String> basic = http().header("Authorization", "Basic dXNlcjpwYXNz").get("/v1/tokens");
        assertThat(json(basic).get("code").asString()).isEqualTo("api_key_invalid");
        HttpResponse<String> unknown = http().bearer("sk_thisIsNotAKeyOfAnyMerchant000000000").get("/v1/tokens");
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(json(unknown).get("code").asString()).isEqualTo("api_key_invalid");
        assertThat(unknown.body()).doesNotContain("sk_thisIsNotAKeyOfAnyMerchant");
    }

    @Test
    void keyWhenRevokedThenApiKeyRevokedAndSecurityEventAudited() {
        TestMerchant merchant = fixture().merchant();
        String secret = fixture().issueKey(merchant.id(), "tokens:read");
        String keyId = json(ops().get("/ops/merchants/" + merchant.id() + "/keys")).get("data").get(0).get("id").asString();
        assertThat(fixture().client(secret).get("/v1/tokens").statusCode()).isEqualTo(200);
        ops().post("/ops/merchants/" + merchant.id() + "/keys/" + keyId + "/revoke", "{\"reason\": \"rolled\"}");

        HttpResponse<String> refused = fixture().client(secret).get("/v1/tokens");
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(json(refused).get("code").asString()).isEqualTo("api_key_revoked");
        Integer events = jdbc.sql("SELECT count(*) FROM audit_events WHERE action = 'security.revoked_key_used' "
                + "AND subject_id = ? AND host(source_ip) = '127.0.0.1'").param(keyId).query(Integer.class).single();
        assertThat(events).isEqualTo(1);

        fixture().client(secret).get("/v1/tokens/tok_SecretValueThatMustNotBeAudited0");
        String route = jdbc.sql("SELECT details->>'route' FROM audit_events WHERE action = 'security.revoked_key_used' "
                + "AND subject_id = ? ORDER BY id DESC LIMIT 1").param(keyId).query(String.class).single();
        assertThat(route).isEqualTo("GET /v1/tokens/{id}");
        Integer leaked = jdbc.sql("SELECT count(*) FROM audit_events WHERE details::text LIKE '%SecretValueThatMustNot%'")
                .query(Integer.class).single();
        assertThat(leaked).isZero();
    }

    @Test
    void keyWhenExpiredThenApiKeyExpired() {
        TestMerchant merchant = fixture().merchant();
        String secret = fixture().issueKey(merchant.id(), "tokens:read");
        jdbc.sql("UPDATE api_keys SET created_at = now() - interval '2 days', expires_at = now() - interval '1 day' "
                + "WHERE merchant_id = ?").param(merchant.id()).update();
        HttpResponse<String> refused = fixture().client(secret).get("/v1/tokens");
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(json(refused).get("code").asString()).isEqualTo("api_key_expired");
    }

    @Test
    void merchantWhenSuspendedThenMerchantSuspendedAndResumeRestoresAccess() {
        TestMerchant merchant = fixture().merchant();
        var client = merchant.client("tokens:read");
        ops().post("/ops/merchants/" + merchant.id() + "/suspend", "");
        HttpResponse<String> refused = client.get("/v1/tokens");
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(json(refused).get("code").asString()).isEqualTo("merchant_suspended");
        ops().post("/ops/merchants/" + merchant.id() + "/resume", "");
        assertThat(client.get("/v1/tokens").statusCode()).isEqualTo(200);
    }

    @Test
    void twoActiveKeysWhenRollingThenBothWorkUntilTheOldIsRevoked() {
        TestMerchant merchant = fixture().merchant();
        String oldSecret = fixture().issueKey(merchant.id(), "tokens:read");
        String newSecret = fixture().issueKey(merchant.id(), "tokens:read");
        assertThat(fixture().client(oldSecret).get("/v1/tokens").statusCode()).isEqualTo(200);
        assertThat(fixture().client(newSecret).get("/v1/tokens").statusCode()).isEqualTo(200);
        String oldId = json(ops().get("/ops/merchants/" + merchant.id() + "/keys")).get("data").get(1).get("id").asString();
        ops().post("/ops/merchants/" + merchant.id() + "/keys/" + oldId + "/revoke", "{}");
        assertThat(fixture().client(oldSecret).get("/v1/tokens").statusCode()).isEqualTo(401);
        assertThat(fixture().client(newSecret).get("/v1/tokens").statusCode()).isEqualTo(200);
    }

    @Test
    void sourceNetworkWhenOutsideAclThenAclDeniedWithRuleAndAudited() {
        TestMerchant merchant = fixture().merchant();
        String secret = fixture().issueKey(merchant.id(), "tokens:read");
        fixture().setAcl(merchant.id(), """
                {"allowed_cidrs": ["%s/32"], "currencies": [{"currency": "EUR"}]}""".formatted(OTHER_ADDRESS));

        HttpResponse<String> denied = fixture().client(secret).get("/v1/tokens");
        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(json(denied).get("code").asString()).isEqualTo("acl_denied");
        assertThat(json(denied).get("rule").asString()).isEqualTo("source_network");
        assertThat(httpFrom(OTHER_ADDRESS).bearer(secret).get("/v1/tokens").statusCode()).isEqualTo(200);
        Integer audited = jdbc.sql("SELECT count(*) FROM audit_events WHERE action = 'acl.denied' AND merchant_id = ? "
                + "AND details->>'rule' = 'source_network'").param(merchant.id()).query(Integer.class).single();
        assertThat(audited).isEqualTo(1);
    }

    @Test
    void addressWhenTooManyFailuresThenRateLimitedEvenWithAValidKeyAndOthersUnaffected() {
        TestMerchant merchant = fixture().merchant();
        String secret = fixture().issueKey(merchant.id(), "tokens:read");
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> failed = httpFrom(THROTTLED_ADDRESS).bearer("sk_guess" + i).get("/v1/tokens");
            assertThat(failed.statusCode()).as("attempt %d", i).isEqualTo(401);
        }
        HttpResponse<String> throttled = httpFrom(THROTTLED_ADDRESS).bearer(secret).get("/v1/tokens");
        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(json(throttled).get("code").asString()).isEqualTo("rate_limited");
        assertThat(Long.parseLong(throttled.headers().firstValue("Retry-After").orElseThrow()))
                .as("until the oldest counted minute leaves the 5-minute window").isBetween(200L, 300L);

        throttle.refresh();
        assertThat(httpFrom(THROTTLED_ADDRESS).bearer(secret).get("/v1/tokens").statusCode())
                .as("still throttled once the set is re-read from PostgreSQL").isEqualTo(429);
        assertThat(httpFrom(OTHER_ADDRESS).bearer(secret).get("/v1/tokens").statusCode()).isEqualTo(200);
        Integer audited = jdbc.sql("SELECT count(*) FROM audit_events WHERE action = 'auth.throttled' "
                + "AND host(source_ip) = ?").param(THROTTLED_ADDRESS).query(Integer.class).single();
        assertThat(audited).isEqualTo(1);
    }

    @Test
    void opsWhenTooManyWrongPasswordsThenRateLimited() {
        for (int i = 0; i < 20; i++) {
            assertThat(httpFrom(OPS_ADDRESS).basic(ADMIN_USER, "wrong-" + i).get("/ops/merchants").statusCode())
                    .isEqualTo(401);
        }
        HttpResponse<String> throttled = httpFrom(OPS_ADDRESS).basic(ADMIN_USER, ADMIN_PASSWORD).get("/ops/merchants");
        assertThat(throttled.statusCode()).isEqualTo(429);
    }
}
