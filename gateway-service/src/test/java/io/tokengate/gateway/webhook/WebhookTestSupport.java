package io.tokengate.gateway.webhook;

import static io.tokengate.gateway.support.OpsFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.tokengate.gateway.support.HttpTestClient;
import io.tokengate.gateway.support.IntegrationTest;
import io.tokengate.gateway.support.OpsFixture;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Base of the webhook tests: the delivery schedule shrunk to milliseconds on the shared, live
 * gateway (and restored afterwards), receivers closed after each test, and request helpers.
 */
abstract class WebhookTestSupport extends IntegrationTest {

    static final Duration WAIT = Duration.ofSeconds(20);

    @Autowired
    WebhookProperties properties;
    @Autowired
    WebhookDispatcher dispatcher;
    @Autowired
    JdbcClient jdbc;

    private final List<WebhookReceiver> receivers = new ArrayList<>();
    private Duration backoffBase;
    private Duration pollInterval;
    private int maxAttempts;
    private int batchSize;
    private boolean allowLocalhost;

    @BeforeEach
    void fastSchedule() {
        backoffBase = properties.getBackoffBase();
        pollInterval = properties.getPollInterval();
        maxAttempts = properties.getMaxAttempts();
        batchSize = properties.getBatchSize();
        allowLocalhost = properties.isAllowLocalhost();
        properties.setBackoffBase(Duration.ofMillis(100));
        properties.setPollInterval(Duration.ofMillis(50));
    }

    @AfterEach
    void restoreSchedule() {
        receivers.forEach(WebhookReceiver::close);
        properties.setBackoffBase(backoffBase);
        properties.setPollInterval(pollInterval);
        properties.setMaxAttempts(maxAttempts);
        properties.setBatchSize(batchSize);
        properties.setAllowLocalhost(allowLocalhost);
    }

    WebhookReceiver receiver() {
        WebhookReceiver receiver = new WebhookReceiver();
        receivers.add(receiver);
        return receiver;
    }

    /** Registers an endpoint and asserts 201; returns the answer (with {@code id} and {@code secret}). */
    static JsonNode register(HttpTestClient client, String url, String... events) {
        HttpResponse<String> created = client.post("/v1/webhook-endpoints",
                "{\"url\": \"" + url + "\", \"events\": " + array(events) + "}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json(created);
    }

    static JsonNode deliveries(HttpTestClient client, String endpointId) {
        HttpResponse<String> log = client.get("/v1/webhook-endpoints/" + endpointId + "/deliveries");
        assertThat(log.statusCode()).as(log.body()).isEqualTo(200);
        return json(log).get("data");
    }

    int eventCount(String merchantId) {
        return jdbc.sql("SELECT count(*) FROM webhook_events WHERE merchant_id = ?").param(merchantId)
                .query(Integer.class).single();
    }

    /** A JSON array literal of strings. */
    static String array(String... values) {
        return OpsFixture.JSON.writeValueAsString(List.of(values));
    }
}
