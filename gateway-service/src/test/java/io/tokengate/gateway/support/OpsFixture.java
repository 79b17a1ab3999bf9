package io.tokengate.gateway.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Test data through the real ops API: merchants, keys and ACLs are created the way an operator
 * creates them, so tests exercise the same code paths as production.
 */
public final class OpsFixture {

    public static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpTestClient ops;
    private final Supplier<HttpTestClient> anonymous;

    OpsFixture(HttpTestClient ops, Supplier<HttpTestClient> anonymous) {
        this.ops = ops;
        this.anonymous = anonymous;
    }

    /** A merchant with an ACL allowing EUR and USD without caps, and merchant-initiated charges. */
    public TestMerchant merchant() {
        return merchant("Shop " + System.nanoTime(), List.of("https://shop.example"));
    }

    public TestMerchant merchant(String name, List<String> returnOrigins) {
        HttpResponse<String> created = ops.post("/ops/merchants", """
                {"name": %s, "return_origins": %s}""".formatted(JSON.writeValueAsString(name),
                JSON.writeValueAsString(returnOrigins)));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = json(created).get("id").asString();
        setAcl(id, """
                {"allowed_cidrs": [], "merchant_initiated_allowed": true,
                 "currencies": [{"currency": "EUR"}, {"currency": "USD"}, {"currency": "JPY"}]}""");
        return new TestMerchant(id, this);
    }

    public void setAcl(String merchantId, String aclJson) {
        HttpResponse<String> acl = ops.put("/ops/merchants/" + merchantId + "/acl", aclJson);
        assertThat(acl.statusCode()).as(acl.body()).isEqualTo(200);
    }

    /** Issues a key with the given scopes and returns its secret. */
    public String issueKey(String merchantId, String... scopes) {
        HttpResponse<String> key = ops.post("/ops/merchants/" + merchantId + "/keys",
                "{\"scopes\": " + JSON.writeValueAsString(List.of(scopes)) + "}");
        assertThat(key.statusCode()).as(key.body()).isEqualTo(201);
        return json(key).get("secret").asString();
    }

    /** Imports a card (expiry 12/2034) for the merchant through the ops API; returns its token. */
    public String importCard(String merchantId, String number) {
        return importCard(merchantId, number, null);
    }

    /** Same, with the token's domain controls as JSON (e.g. {@code {"usage": "single_use"}}), null for none. */
    public String importCard(String merchantId, String number, String controlsJson) {
        HttpResponse<String> card = ops.post("/ops/merchants/" + merchantId + "/cards", """
                {"number": "%s", "exp_month": 12, "exp_year": 2034, "cardholder_name": "A B"%s}""".formatted(
                number, controlsJson == null ? "" : ", \"controls\": " + controlsJson));
        assertThat(card.statusCode()).as(card.body()).isEqualTo(201);
        return json(card).get("token").asString();
    }

    public HttpTestClient ops() {
        return ops;
    }

    public HttpTestClient client(String secret) {
        return anonymous.get().bearer(secret);
    }

    public static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    /** A merchant created through the ops API. */
    public record TestMerchant(String id, OpsFixture fixture) {

        public static final String[] ALL_SCOPES = {"checkout:write", "charges:write", "charges:read",
                "refunds:write", "refunds:read", "tokens:read", "tokens:write", "webhooks:write", "migrations:read"};

        /** A client holding a fresh key with every scope. */
        public HttpTestClient client() {
            return fixture.client(fixture.issueKey(id, ALL_SCOPES));
        }

        public HttpTestClient client(String... scopes) {
            return fixture.client(fixture.issueKey(id, scopes));
        }

        /** Imports a card for this merchant; returns its token. */
        public String importCard(String number) {
            return fixture.importCard(id, number);
        }
    }
}
