package io.tokengate.sdk.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The ops API over plain HTTP, the way an operator's script uses it: test data (merchants, keys,
 * ACLs, imported cards, incidents) is made through the same endpoints as in production.
 */
public final class OpsApi {

    public static final JsonMapper JSON = JsonMapper.builder().build();
    public static final List<String> ALL_SCOPES = List.of("checkout:write", "charges:write", "charges:read",
            "refunds:write", "refunds:read", "tokens:read", "tokens:write", "webhooks:write", "migrations:read");

    private final String baseUrl;
    private final String authorization;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    OpsApi(String baseUrl, String user, String password) {
        this.baseUrl = baseUrl;
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A merchant returning to {@code returnOrigins}, allowed to charge EUR, USD and JPY without caps,
     * merchant-initiated charges included.
     */
    public String createMerchant(String name, List<String> returnOrigins) {
        JsonNode merchant = expect(201, post("/ops/merchants", JSON.createObjectNode().put("name", name)
                .set("return_origins", JSON.valueToTree(returnOrigins)).toString()));
        String id = merchant.get("id").asString();
        setAcl(id, """
                {"allowed_cidrs": [], "merchant_initiated_allowed": true,
                 "currencies": [{"currency": "EUR"}, {"currency": "USD"}, {"currency": "JPY"}]}""");
        return id;
    }

    public void setAcl(String merchantId, String aclJson) {
        expect(200, send("PUT", "/ops/merchants/" + merchantId + "/acl", aclJson));
    }

    /** Issues a key with these scopes and returns its secret. */
    public String issueKey(String merchantId, List<String> scopes) {
        return expect(201, post("/ops/merchants/" + merchantId + "/keys",
                "{\"scopes\": " + JSON.writeValueAsString(scopes) + "}")).get("secret").asString();
    }

    /** Vaults a card (expiry 12/2034) for the merchant and returns its token value. */
    public String importCard(String merchantId, String number, String controlsJson) {
        return expect(201, post("/ops/merchants/" + merchantId + "/cards", """
                {"number": "%s", "exp_month": 12, "exp_year": 2034, "cardholder_name": "Ada Lovelace"%s}"""
                .formatted(number, controlsJson == null ? "" : ", \"controls\": " + controlsJson)))
                .get("token").asString();
    }

    public HttpResponse<String> get(String path) {
        return send("GET", path, null);
    }

    public HttpResponse<String> post(String path, String json) {
        return send("POST", path, json);
    }

    /** The body of a response with the expected status, or an assertion error showing what came instead. */
    public static JsonNode expect(int status, HttpResponse<String> response) {
        if (response.statusCode() != status) {
            throw new AssertionError("expected HTTP " + status + " from " + response.request().method() + " "
                    + response.uri().getPath() + " but got " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> send(String method, String path, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(30)).header("Authorization", authorization)
                .header("Accept", "application/json");
        if (json != null) {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
