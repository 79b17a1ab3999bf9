package io.tokengate.gateway.charge;

import static io.tokengate.gateway.charge.ChargeRequests.charged;
import static io.tokengate.gateway.charge.ChargeRequests.code;
import static io.tokengate.gateway.charge.ChargeRequests.refund;
import static io.tokengate.gateway.support.OpsFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.tokengate.gateway.support.HttpTestClient;
import io.tokengate.gateway.support.IntegrationTest;
import io.tokengate.gateway.support.OpsFixture.TestMerchant;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

class RefundApiTest extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void refundWhenPartialThenManyUpToTheCapturedAmount() {
        TestMerchant merchant = fixture().merchant();
        HttpTestClient client = merchant.client();
        String chargeId = charged(client, merchant.importCard("4242424242424242"), 1000, null).get("id").asString();

        HttpResponse<String> first = refund(client, chargeId, 300L);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        JsonNode refund = json(first);
        assertThat(refund.get("id").asString()).startsWith("re_");
        assertThat(refund.get("object").asString()).isEqualTo("refund");
        assertThat(refund.get("charge").asString()).isEqualTo(chargeId);
        assertThat(refund.get("amount").asLong()).isEqualTo(300);
        assertThat(refund.get("currency").asString()).isEqualTo("EUR");
        assertThat(refund.get("status").asString()).isEqualTo("succeeded");

        HttpResponse<String> tooMuch = refund(client, chargeId, 701L);
        assertThat(tooMuch.statusCode()).isEqualTo(422);
        assertThat(code(tooMuch)).isEqualTo("amount_exceeds_available");
        assertThat(json(tooMuch).get("refundable_amount").asLong()).isEqualTo(700);

        HttpResponse<String> rest = client.post("/v1/refunds",
                "{\"charge\": \"" + chargeId + "\", \"reason\": \"requested_by_customer\"}");
        assertThat(json(rest).get("amount").asLong()).isEqualTo(700);
        assertThat(json(rest).get("reason").asString()).isEqualTo("requested_by_customer");

        HttpResponse<String> none = refund(client, chargeId, null);
        assertThat(code(none)).isEqualTo("amount_exceeds_available");
        JsonNode charge = json(client.get("/v1/charges/" + chargeId));
        assertThat(charge.get("refunded_amount").asLong()).isEqualTo(1000);
        assertThat(charge.get("status").asString()).isEqualTo("captured");
        assertThat(jdbc.sql("SELECT count(*) FROM audit_events WHERE action = 'refund.succeeded' "
                + "AND details->>'charge' = ?").param(chargeId).query(Integer.class).single()).isEqualTo(2);
    }

    @Test
    void refundWhenChargeNotCapturedThenStateConflict() {
        TestMerchant merchant = fixture().merchant();
        HttpTestClient client = merchant.client();
        String authorized = charged(client, merchant.importCard("4242424242424242"), 1000, "\"capture\": false")
                .get("id").asString();
        String declined = json(ChargeRequests.charge(client, merchant.importCard("4000000000000002"), 100))
                .get("charge").asString();

        for (String id : new String[] {authorized, declined}) {
            HttpResponse<String> response = refund(client, id, 100L);
            assertThat(response.statusCode()).isEqualTo(409);
            assertThat(code(response)).isEqualTo("state_conflict");
        }
    }

    @Test
    void refundWhenFieldsInvalidThenProblemNamingTheField() {
        TestMerchant merchant = fixture().merchant();
        HttpTestClient client = merchant.client();
        String chargeId = charged(client, merchant.importCard("4242424242424242"), 1000, null).get("id").asString();
        String[][] cases = {
                {"{}", "parameter_missing", "charge"},
                {"{\"charge\": \"" + chargeId + "\", \"amount\": 0}", "amount_invalid", "amount"},
                {"{\"charge\": \"" + chargeId + "\", \"amount\": 1.5}", "parameter_invalid", "amount"},
                {"{\"charge\": \"" + chargeId + "\", \"reason\": \"bored\"}", "parameter_invalid", "reason"},
                {"{\"charge\": \"ch_unknown0000000000000\"}", "not_found", "charge"}};
        for (String[] c : cases) {
            HttpResponse<String> response = client.post("/v1/refunds", c[0]);
            assertThat(code(response)).as(c[0]).isEqualTo(c[1]);
            assertThat(json(response).path("param").asString()).as(c[0]).isEqualTo(c[2]);
        }
    }

    @Test
    void refundWhenAcquirerRefusesThenFailedAndAmountAvailableAgain() {
        TestMerchant merchant = fixture().merchant();
        HttpTestClient client = merchant.client();
        String chargeId = charged(client, merchant.importCard("4000000000005126"), 1000, null).get("id").asString();

        HttpResponse<String> response = refund(client, chargeId, 400L);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(json(response).get("status").asString()).isEqualTo("failed");
        assertThat(json(response).get("failure_code").asString()).isEqualTo("transaction_not_allowed");
        assertThat(json(client.get("/v1/charges/" + chargeId)).get("refunded_amount").asLong()).isZero();
    }

    @Test
    void refundWhenTenConcurrentRequestsOfThirtyThenNeverMoreThanCaptured() throws Exception {
        TestMerchant merchant = fixture().merchant();
        String secret = fixture().issueKey(merchant.id(), "charges:write", "refunds:write", "charges:read");
        String chargeId = charged(fixture().client(secret), merchant.importCard("4242424242424242"), 100, null)
                .get("id").asString();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(10)) {
            for (int i = 0; i < 10; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return refund(fixture().client(secret).header("Idempotency-Key", UUID.randomUUID().toString()),
                            chargeId, 30L);
                }));
            }
            start.countDown();
            int succeeded = 0;
            for (Future<HttpResponse<String>> f : futures) {
                HttpResponse<String> r = f.get();
                if (r.statusCode() == 201) {
                    succeeded++;
                } else {
                    assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
                }
            }
            assertThat(succeeded).isEqualTo(3);
        }
        long refunded = jdbc.sql("SELECT refunded_amount FROM charges WHERE id = ?").param(chargeId)
                .query(Long.class).single();
        long sum = jdbc.sql("SELECT coalesce(sum(amount), 0) FROM refunds WHERE charge_id = ? AND status <> 'failed'")
                .param(chargeId).query(Long.class).single();
        assertThat(refunded).isEqualTo(90).isEqualTo(sum);
        assertThat(jdbc.sql("SELECT refunded_amount FROM acquirer_sim_ledger WHERE reference = ?").param(chargeId)
                .query(Long.class).single()).isEqualTo(90);
    }

    @Test
    void getAndListWhenOwnRefundsThenShownAndOthersAreNotFound() {
        TestMerchant merchant = fixture().merchant();
        HttpTestClient client = merchant.client();
        String a = charged(client, merchant.importCard("4242424242424242"), 1000, null).get("id").asString();
        String b = charged(client, merchant.importCard("5555555555554444"), 1000, null).get("id").asString();
        String r1 = json(refund(client, a, 100L)).get("id").asString();
        String r2 = json(refund(client, b, 200L)).get("id").asString();
        String r3 = json(refund(client, a, 300L)).get("id").asString();

        assertThat(json(client.get("/v1/refunds/" + r1)).get("amount").asLong()).isEqualTo(100);
        JsonNode page = json(client.get("/v1/refunds?limit=2"));
        assertThat(ChargeApiTest.ids(page)).containsExactly(r3, r2);
        JsonNode next = json(client.get("/v1/refunds?limit=2&starting_after=" + page.get("next_cursor").asString()));
        assertThat(ChargeApiTest.ids(next)).containsExactly(r1);
        assertThat(ChargeApiTest.ids(json(client.get("/v1/refunds?charge=" + a)))).containsExactly(r3, r1);

        HttpTestClient other = fixture().merchant().client();
        HttpResponse<String> foreign = other.get("/v1/refunds/" + r1);
        assertThat(foreign.statusCode()).isEqualTo(404);
        assertThat(ChargeApiTest.withoutRequestId(foreign.body())).isEqualTo(ChargeApiTest.withoutRequestId(
                other.get("/v1/refunds/re_unknown000000000000000").body()));
        assertThat(json(other.get("/v1/refunds?charge=" + a)).get("data")).isEmpty();
        assertThat(json(other.get("/v1/refunds")).get("data")).isEmpty();
        HttpResponse<String> refundOthers = refund(other, a, 10L);
        assertThat(refundOthers.statusCode()).isEqualTo(404);
        assertThat(json(client.get("/v1/charges/" + a)).get("refunded_amount").asLong()).isEqualTo(400);
    }
}
