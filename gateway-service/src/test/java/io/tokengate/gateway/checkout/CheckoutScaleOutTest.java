package io.tokengate.gateway.checkout;

import static io.tokengate.gateway.support.OpsFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.tokengate.gateway.support.CheckoutBrowser;
import io.tokengate.gateway.support.HttpTestClient;
import io.tokengate.gateway.support.OpsFixture.TestMerchant;
import io.tokengate.gateway.support.SecondInstance;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Two gateway instances on one database, crossed mid-flow: whatever one instance knows of a
 * checkout (the session, the CSRF token, the attempt counts, the challenge) the other knows too.
 */
class CheckoutScaleOutTest extends CheckoutTestSupport {

    @Test
    void checkoutWhenStepsAlternateBetweenTwoInstancesThenItCompletesOnce() {
        TestMerchant merchant = fixture().merchant();
        String secret = fixture().issueKey(merchant.id(), "checkout:write");
        try (ConfigurableApplicationContext second =
                     SecondInstance.start(Map.of("tokengate.checkout.client-max-attempts", "1000000"))) {
            String a = "http://localhost:" + port;
            String b = SecondInstance.baseUrl(second);
            assertThat(b).isNotEqualTo(a);
            HttpTestClient apiA = new HttpTestClient(a).bearer(secret);
            HttpTestClient apiB = new HttpTestClient(b).bearer(secret);

            HttpResponse<String> created = apiA.post("/v1/checkout/sessions", """
                    {"mode": "setup", "success_url": "%s", "cancel_url": "%s"}""".formatted(SUCCESS, CANCEL));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            JsonNode session = json(created);
            String id = session.get("id").asString();

            CheckoutBrowser browser = new CheckoutBrowser(a);
            assertThat(browser.get(page(session)).statusCode()).isEqualTo(200);
            HttpResponse<String> card = browser.at(b).post(page(session),
                    CheckoutBrowser.card(CheckoutVerificationTest.CHALLENGE_CARD, "123"));
            assertThat(card.statusCode()).as("instance B accepts the form and CSRF token instance A issued")
                    .isEqualTo(303);
            String challenge = location(card);

            assertThat(browser.at(a).get(challenge).statusCode()).isEqualTo(200);
            HttpResponse<String> wrong = browser.at(b).post(challenge, Map.of("passcode", "999999"));
            assertThat(wrong.body()).contains("2 tries left");
            HttpResponse<String> right = browser.at(a).post(challenge,
                    Map.of("passcode", CheckoutVerificationTest.PASSCODE));
            assertThat(right.statusCode()).as(right.body()).isEqualTo(303);
            String code = query(location(right)).get("code");

            HttpResponse<String> completed = apiB.post("/v1/checkout/sessions/" + id + "/complete",
                    "{\"code\": \"" + code + "\"}");
            assertThat(completed.statusCode()).as(completed.body()).isEqualTo(200);
            assertThat(json(completed).get("token").get("token").asString()).startsWith("tok_");
            HttpResponse<String> replay = apiA.post("/v1/checkout/sessions/" + id + "/complete",
                    "{\"code\": \"" + code + "\"}");
            assertThat(replay.statusCode()).as("the code works once across instances").isEqualTo(422);
            assertThat(json(apiA.get("/v1/checkout/sessions/" + id)).get("status").asString()).isEqualTo("completed");
            assertThat(browser.at(b).get(page(session)).statusCode()).isEqualTo(409);
        }
    }
}
