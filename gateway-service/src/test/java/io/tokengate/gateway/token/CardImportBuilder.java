package io.tokengate.gateway.token;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokengate.gateway.support.HttpTestClient;
import io.tokengate.gateway.support.OpsFixture;
import java.net.http.HttpResponse;
import java.time.Year;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Builds a {@code POST /ops/merchants/{id}/cards} request: valid by default, each test states what differs. */
final class CardImportBuilder {

    static final String VISA = "4242424242424242";
    static final String MASTERCARD = "5555555555554444";
    static final String AMEX = "378282246310005";

    private final HttpTestClient ops;
    private final String merchantId;
    private final Map<String, Object> body = new LinkedHashMap<>();
    private final Map<String, Object> controls = new LinkedHashMap<>();

    private CardImportBuilder(HttpTestClient ops, String merchantId) {
        this.ops = ops;
        this.merchantId = merchantId;
        body.put("number", VISA);
        body.put("exp_month", 12);
        body.put("exp_year", Year.now().getValue() + 3);
        body.put("cardholder_name", "Ada Lovelace");
    }

    static CardImportBuilder importCard(HttpTestClient ops, String merchantId) {
        return new CardImportBuilder(ops, merchantId);
    }

    CardImportBuilder number(String number) {
        return field("number", number);
    }

    CardImportBuilder expiry(int month, int year) {
        return field("exp_month", month).field("exp_year", year);
    }

    CardImportBuilder field(String name, Object value) {
        body.put(name, value);
        return this;
    }

    CardImportBuilder without(String name) {
        body.remove(name);
        return this;
    }

    CardImportBuilder control(String name, Object value) {
        controls.put(name, value);
        return this;
    }

    CardImportBuilder singleUse() {
        return control("usage", "single_use");
    }

    CardImportBuilder maxAmount(long amount, String currency) {
        return control("max_amount", amount).control("max_amount_currency", currency);
    }

    CardImportBuilder formatPreserving() {
        return field("format", "format_preserving");
    }

    String json() {
        Map<String, Object> out = new LinkedHashMap<>(body);
        if (!controls.isEmpty()) {
            out.put("controls", controls);
        }
        return OpsFixture.JSON.writeValueAsString(out);
    }

    HttpResponse<String> send() {
        return ops.post("/ops/merchants/" + merchantId + "/cards", json());
    }

    /** Sends and expects 201; returns the token object. */
    JsonNode created() {
        HttpResponse<String> response = send();
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return OpsFixture.json(response);
    }

    /** Sends, expects 201, returns the token value. */
    String token() {
        return created().get("token").asString();
    }
}
