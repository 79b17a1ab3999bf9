package io.tokengate.gateway.webhook;

import static io.tokengate.gateway.support.OpsFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.tokengate.gateway.support.HttpTestClient;
import io.tokengate.gateway.support.OpsFixture.TestMerchant;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class WebhookEndpointApiTest extends WebhookTestSupport {

    @Test
    void createWhenValidThenSecretShownOnceAndStoredSealed() {
        TestMerchant merchant = fixture().merchant();
        HttpTestClient client = merchant.client("webhooks:write");

        JsonNode created = register(client, "https://Shop.Example/hooks/tokengate?source=tg", "charge.succeeded",
                "token.revoked", "charge.succeeded");

        String id = created.get("id").asString();
        String secret = created.get("secret").asString();
        assertThat(id).startsWith("we_");
        assertThat(created.get("object").asString()).isEqualTo("webhook_endpoint");
        assertThat(created.get("url").asString()).isEqualTo("https://shop.example/hooks/tokengate?source=tg");
        assertThat(created.get("events").valueStream().map(JsonNode::asString).toList())
                .containsExactly("charge.succeeded", "token.revoked");
        assertThat(created.get("status").asString()).isEqualTo("enabled");
        assertThat(secret).matches("whsec_[A-Za-z0-9]{40,}");

        JsonNode read = json(client.get("/v1/webhook-endpoints/" + id));
        assertThat(read.get("secret").isNull()).isTrue();
        assertThat(read.get("url").asString()).isEqualTo(created.get("url").asString());
        byte[] sealed = jdbc.sql("SELECT secret_sealed FROM webhook_endpoints WHERE id = ?").param(id)
                .query(byte[].class).single();
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain(secret.substring(6, 20));
        assertThat(jdbc.sql("SELECT count(*) FROM audit_events WHERE action = 'webhook_endpoint.created' "
                + "AND subject_id = ?").param(id).query(Integer.class).single()).isEqualTo(1);
    }

    @Test
    void createWhenFieldsInvalidThenProblemNamingTheField() {
        HttpTestClient client = fixture().merchant().client("webhooks:write");
        String[][] cases = {
                {"{\"events\": [\"*\"]}", "parameter_missing", "url"},
                {"{\"url\": \"https://shop.example/h\"}", "parameter_missing", "events"},
                {"{\"url\": \"https://shop.example/h\", \"events\": []}", "parameter_missing", "events"},
                {"{\"url\": \"https://shop.example/h\", \"events\": [\"charge.created\"]}", "parameter_invalid",
                        "events"},
                {"{\"url\": \"http://shop.example/h\", \"events\": [\"*\"]}", "parameter_invalid", "url"},
                {"{\"url\": \"ftp://shop.example/h\", \"events\": [\"*\"]}", "parameter_invalid", "url"},
                {"{\"url\": \"/relative\", \"events\": [\"*\"]}", "parameter_invalid", "url"},
                {"{\"url\": \"https://user:pw@shop.example/h\", \"events\": [\"*\"]}", "parameter_invalid", "url"},
                {"{\"url\": \"https://10.1.2.3/h\", \"events\": [\"*\"]}", "parameter_invalid", "url"},
                {"{\"url\": \"https://169.254.169.254/latest\", \"events\": [\"*\"]}", "parameter_invalid", "url"},
                {"{\"url\": \"https://[fd00::1]/h\", \"events\": [\"*\"]}", "parameter_invalid", "url"},
                {"{\"url\": \"https://shop.example/h\", \"events\": [\"*\"], \"description\": \""
                        + "x".repeat(501) + "\"}", "parameter_invalid", "description"},
                {"{\"url\": \"https://shop.example/h\", \"events\": [\"*\"], \"secret\": \"mine\"}", "unknown_field",
                        "secret"}};
        for (String[] c : cases) {
            HttpResponse<String> response = client.post("/v1/webhook-endpoints", c[0]);
            assertThat(response.statusCode()).as(c[0]).isEqualTo(400);
            assertThat(json(response).path("code").asString()).as(c[0]).isEqualTo(c[1]);
            assertThat(json(response).path("param").asString()).as(c[0]).isEqualTo(c[2]);
        }
    }

    @Test
    void createWhenLocalhostNotAllowedThenRefused() {
        HttpTestClient client = fixture().merchant().client("webhooks:write");
        properties.setAllowLocalhost(false);

        HttpResponse<String> response = client.post("/v1/webhook-endpoints",
                "{\"url\": \"http://localhost:9/h\", \"events\": [\"*\"]}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("param").asString()).isEqualTo("url");
    }

    @Test
    void createWhenMaximumEnabledThenConflictUntilOneIsDisabled() {
        HttpTestClient client = fixture().merchant().client("webhooks:write");
        int max = properties.getMaxEndpointsPerMerchant();
        properties.setMaxEndpointsPerMerchant(2);
        try {
            String first = register(client, "https://a.example/h", "*").get("id").asString();
            register(client, "https://b.example/h", "*");

            HttpResponse<String> third = client.post("/v1/webhook-endpoints",
                    "{\"url\": \"https://c.example/h\", \"events\": [\"*\"]}");
            assertThat(third.statusCode()).isEqualTo(409);
            assertThat(json(third).get("code").asString()).isEqualTo("state_conflict");

            assertThat(client.delete("/v1/webhook-endpoints/" + first).statusCode()).isEqualTo(200);
            register(client, "https://c.example/h", "*");
        } finally {
            properties.setMaxEndpointsPerMerchant(max);
        }
    }

    @Test
    void listWhenSeveralThenNewestFirstWithCursorAndNoSecrets() {
        HttpTestClient client = fixture().merchant().client("webhooks:write");
        String a = register(client, "https://a.example/h", "*").get("id").asString();
        String b = register(client, "https://b.example/h", "charge.failed").get("id").asString();
        String c = register(client, "https://c.example/h", "refund.succeeded").get("id").asString();

        JsonNode first = json(client.get("/v1/webhook-endpoints?limit=2"));
        JsonNode second = json(client.get("/v1/webhook-endpoints?limit=2&starting_after="
                + first.get("next_cursor").asString()));

        assertThat(first.get("data").valueStream().map(e -> e.get("id").asString()).toList()).containsExactly(c, b);
        assertThat(first.get("has_more").asBoolean()).isTrue();
        assertThat(second.get("data").valueStream().map(e -> e.get("id").asString()).toList()).containsExactly(a);
        assertThat(second.get("has_more").asBoolean()).isFalse();
        assertThat(first.get("data").valueStream().allMatch(e -> e.get("secret").isNull())).isTrue();
    }

    @Test
    void deleteWhenEnabledThenDisabledIdempotentlyAndAudited() {
        HttpTestClient client = fixture().merchant().client("webhooks:write");
        String id = register(client, "https://a.example/h", "*").get("id").asString();

        JsonNode disabled = json(client.delete("/v1/webhook-endpoints/" + id));
        JsonNode again = json(client.delete("/v1/webhook-endpoints/" + id));

        assertThat(disabled.get("status").asString()).isEqualTo("disabled");
        assertThat(disabled.get("disabled_at").isNull()).isFalse();
        assertThat(again.get("disabled_at").asString()).isEqualTo(disabled.get("disabled_at").asString());
        assertThat(jdbc.sql("SELECT count(*) FROM audit_events WHERE action = 'webhook_endpoint.disabled' "
                + "AND subject_id = ?").param(id).query(Integer.class).single()).isEqualTo(1);
    }

    @Test
    void endpointsWhenAnotherMerchantAsksThenNotFoundLikeUnknown() {
        HttpTestClient owner = fixture().merchant().client("webhooks:write");
        HttpTestClient other = fixture().merchant().client("webhooks:write");
        String id = register(owner, "https://a.example/h", "*").get("id").asString();

        for (String path : List.of("/v1/webhook-endpoints/" + id, "/v1/webhook-endpoints/" + id + "/deliveries",
                "/v1/webhook-endpoints/we_unknown000000000000000")) {
            HttpResponse<String> response = other.get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat(json(response).get("code").asString()).isEqualTo("not_found");
        }
        assertThat(other.delete("/v1/webhook-endpoints/" + id).statusCode()).isEqualTo(404);
        assertThat(json(other.get("/v1/webhook-endpoints")).get("data").isEmpty()).isTrue();
        assertThat(json(owner.get("/v1/webhook-endpoints/" + id)).get("status").asString()).isEqualTo("enabled");
    }

    @Test
    void endpointsWhenKeyLacksWebhooksScopeThenForbidden() {
        TestMerchant merchant = fixture().merchant();
        String id = register(merchant.client("webhooks:write"), "https://a.example/h", "*").get("id").asString();
        HttpTestClient client = merchant.client("charges:write", "charges:read", "tokens:read", "tokens:write",
                "refunds:write", "refunds:read", "checkout:write", "migrations:read");

        List<HttpResponse<String>> responses = List.of(
                client.post("/v1/webhook-endpoints", "{\"url\": \"https://a.example/h\", \"events\": [\"*\"]}"),
                client.get("/v1/webhook-endpoints"), client.get("/v1/webhook-endpoints/" + id),
                client.delete("/v1/webhook-endpoints/" + id), client.get("/v1/webhook-endpoints/" + id + "/deliveries"));

        for (HttpResponse<String> response : responses) {
            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(json(response).get("code").asString()).isEqualTo("scope_missing");
        }
    }
}
