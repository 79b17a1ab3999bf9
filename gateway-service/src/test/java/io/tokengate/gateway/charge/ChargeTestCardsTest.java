package io.tokengate.gateway.charge;

import static io.tokengate.gateway.charge.ChargeRequests.body;
import static io.tokengate.gateway.charge.ChargeRequests.code;
import static io.tokengate.gateway.support.OpsFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.tokengate.gateway.acquirer.AcquirerProperties;
import io.tokengate.gateway.audit.Actor;
import io.tokengate.gateway.acquirer.TestCard;
import io.tokengate.gateway.support.HttpTestClient;
import io.tokengate.gateway.support.IntegrationTest;
import io.tokengate.gateway.support.OpsFixture.TestMerchant;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** The whole test-card table of docs/test-cards.md through {@code POST /v1/charges}. */
class ChargeTestCardsTest extends IntegrationTest {

    private static final Set<TestCard> APPROVED = EnumSet.of(TestCard.VISA, TestCard.VISA_DEBIT, TestCard.MASTERCARD,
            TestCard.MASTERCARD_2_SERIES, TestCard.AMEX, TestCard.DISCOVER, TestCard.JCB, TestCard.SLOW,
            TestCard.REFUND_DECLINED);

    @Autowired
    JdbcClient jdbc;
    @Autowired
    AcquirerProperties acquirer;
    @Autowired
    ChargeService charges;

    private TestMerchant merchant;
    private HttpTestClient client;
    private Duration slowDelay;

    @BeforeEach
    void setUp() {
        merchant = fixture().merchant();
        client = merchant.client();
        slowDelay = acquirer.getSimulator().getSlowDelay();
        acquirer.getSimulator().setSlowDelay(Duration.ofMillis(150));
    }

    @AfterEach
    void restore() {
        acquirer.getSimulator().setSlowDelay(slowDelay);
    }

    @ParameterizedTest
    @EnumSource(TestCard.class)
    void createWhenTestCardThenItsDocumentedOutcome(TestCard card) {
        String token = merchant.importCard(card.number());
        HttpResponse<String> response = client.post("/v1/charges", body(token, 2500, "USD"));

        if (APPROVED.contains(card)) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
            assertThat(json(response).get("status").asString()).isEqualTo("captured");
            return;
        }
        if (card == TestCard.PROCESSING_ERROR) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(502);
            assertThat(code(response)).isEqualTo("acquirer_unavailable");
            String id = json(response).get("charge").asString();
            JsonNode charge = json(client.get("/v1/charges/" + id));
            assertThat(charge.get("status").asString()).isEqualTo("failed");
            assertThat(charge.get("failure_code").asString()).isEqualTo("processing_error");
            return;
        }
        assertThat(response.statusCode()).as(response.body()).isEqualTo(402);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json(response);
        assertThat(problem.get("code").asString()).isEqualTo("card_declined");
        assertThat(problem.get("request_id").asString()).startsWith("req_");
        String expected = switch (card) {
            case GENERIC_DECLINE -> "generic_decline";
            case INSUFFICIENT_FUNDS -> "insufficient_funds";
            case INCORRECT_CVC -> "incorrect_cvc";
            case EXPIRED_CARD -> "expired_card";
            case LOST_CARD -> "lost_card";
            case STOLEN_CARD -> "stolen_card";
            case AUTHENTICATION_REQUIRED -> "authentication_required";
            default -> throw new AssertionError("no expectation for " + card);
        };
        assertThat(problem.get("decline_code").asString()).isEqualTo(expected);
        JsonNode charge = json(client.get("/v1/charges/" + problem.get("charge").asString()));
        assertThat(charge.get("status").asString()).isEqualTo("declined");
        assertThat(charge.get("decline_code").asString()).isEqualTo(expected);
        assertThat(jdbc.sql("SELECT count(*) FROM audit_events WHERE action = 'charge.declined' AND subject_id = ? "
                        + "AND details->>'decline_code' = ?").params(charge.get("id").asString(), expected)
                .query(Integer.class).single()).isEqualTo(1);
    }

    @ParameterizedTest
    @CsvSource({"merchant_initiated, 201", "customer_initiated, 402"})
    void createWhenAuthenticationRequiredCardThenApprovedOnlyWithoutTheShopper(String channel, int status) {
        String token = merchant.importCard(TestCard.AUTHENTICATION_REQUIRED.number());

        HttpResponse<String> response = client.post("/v1/charges", body(token, 900, "EUR",
                "\"channel\": \"" + channel + "\""));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        if (status == 201) {
            assertThat(json(response).get("channel").asString()).isEqualTo(channel);
        } else {
            assertThat(json(response).get("decline_code").asString()).isEqualTo("authentication_required");
        }
    }

    @Test
    void createWhenCardholderJustAuthenticatedThenAuthenticationRequiredCardApproved() {
        String token = merchant.importCard(TestCard.AUTHENTICATION_REQUIRED.number());
        ChargeContext context = new ChargeContext(merchant.id(),
                Actor.shopper("cs_test", "127.0.0.1"), null, null);

        ResponseEntity<byte[]> response = charges.create(context, new ChargeRequest(token, 900L, "EUR", null, null, null, null), true);

        assertThat(response.getStatusCode().value()).isEqualTo(201);
    }
}
