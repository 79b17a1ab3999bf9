package io.tokengate.gateway.charge;

import static io.tokengate.gateway.support.OpsFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.tokengate.gateway.support.HttpTestClient;
import java.net.http.HttpResponse;
import tools.jackson.databind.JsonNode;

/** Request builders for the charge tests, so each test states only what differs. */
final class ChargeRequests {

    private ChargeRequests() {
    }

    static String body(String token, long amount, String currency) {
        return """
                {"token": "%s", "amount": %d, "currency": "%s"}""".formatted(token, amount, currency);
    }

    static String body(String token, long amount, String currency, String extraJson) {
        return """
                {"token": "%s", "amount": %d, "currency": "%s", %s}""".formatted(token, amount, currency, extraJson);
    }

    static HttpResponse<String> charge(HttpTestClient client, String token, long amount) {
        return client.post("/v1/charges", body(token, amount, "EUR"));
    }

    /** Charges and asserts 201; returns the charge. */
    static JsonNode charged(HttpTestClient client, String token, long amount, String extraJson) {
        HttpResponse<String> response = client.post("/v1/charges", extraJson == null ? body(token, amount, "EUR")
                : body(token, amount, "EUR", extraJson));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json(response);
    }

    static HttpResponse<String> refund(HttpTestClient client, String chargeId, Long amount) {
        return client.post("/v1/refunds", amount == null ? "{\"charge\": \"" + chargeId + "\"}"
                : "{\"charge\": \"" + chargeId + "\", \"amount\": " + amount + "}");
    }

    static String code(HttpResponse<String> response) {
        return json(response).path("code").asString();
    }
}
