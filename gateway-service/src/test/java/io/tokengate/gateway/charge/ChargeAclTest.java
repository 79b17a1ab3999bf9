package io.tokengate.gateway.charge;

import static io.tokengate.gateway.charge.ChargeRequests.body;
import static io.tokengate.gateway.charge.ChargeRequests.code;
import static io.tokengate.gateway.support.OpsFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.tokengate.gateway.support.HttpTestClient;
import io.tokengate.gateway.support.IntegrationTest;
import io.tokengate.gateway.support.OpsFixture.TestMerchant;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Every ACL rule of a charge refuses before the card is touched, and every refusal is audited. */
class ChargeAclTest extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void createWhenCurrencyNotAllowedThenDeniedAndAudited() {
        TestMerchant merchant = fixture().merchant();
        fixture().setAcl(merchant.id(), "{\"currencies\": [{\"currency\": \"EUR\"}]}");
        String token = merchant.importCard("4242424242424242");

        assertDenied(merchant, merchant.client().post("/v1/charges", body(token, 100, "USD")), "currency");
    }

    @Test
    void createAfterAclChangeThenTheNewAclAppliesToTheVeryNextCharge() {
        TestMerchant merchant = fixture().merchant();
        HttpTestClient client = merchant.client();
        String token = merchant.importCard("4242424242424242");
        fixture().setAcl(merchant.id(), "{\"currencies\": [{\"currency\": \"EUR\"}]}");
        assertThat(client.post("/v1/charges", body(token, 100, "EUR")).statusCode()).isEqualTo(201);

        // The same key again: the ACL this instance read for the last charge is no longer current.
        fixture().setAcl(merchant.id(), "{\"currencies\": [{\"currency\": \"EUR\", \"per_charge_max\": 50}]}");
        assertDenied(merchant, client.post("/v1/charges", body(token, 100, "EUR")), "per_charge_max");
        fixture().setAcl(merchant.id(), "{\"currencies\": [{\"currency\": \"USD\"}]}");
        assertDenied(merchant, client.post("/v1/charges", body(token, 10, "EUR")), "currency");
        assertThat(client.post("/v1/charges", body(token, 10, "USD")).statusCode()).isEqualTo(201);
    }

    @Test
    void createWhenAbovePerChargeCapThenDeniedAndAtTheCapAllowed() {
        TestMerchant merchant = fixture().merchant();
        fixture().setAcl(merchant.id(), "{\"currencies\": [{\"currency\": \"EUR\", \"per_charge_max\": 1000}]}");
        HttpTestClient client = merchant.client();
        String token = merchant.importCard("4242424242424242");

        assertDenied(merchant, client.post("/v1/charges", body(token, 1001, "EUR")), "per_charge_max");
        assertThat(client.post("/v1/charges", body(token, 1000, "EUR")).statusCode()).isEqualTo(201);
    }

    @Test
    void createWhenDailyCapReachedThenDeniedAndDeclinesGiveTheirShareBack() {
        TestMerchant merchant = fixture().merchant();
        fixture().setAcl(merchant.id(), "{\"currencies\": [{\"currency\": \"EUR\", \"daily_max\": 1500}]}");
        HttpTestClient client = merchant.client();
        String token = merchant.importCard("4242424242424242");
        assertThat(client.post("/v1/charges", body(token, 1000, "EUR")).statusCode()).isEqualTo(201);
        assertThat(client.post("/v1/charges", body(merchant.importCard("4000000000000002"), 400, "EUR"))
                .statusCode()).isEqualTo(402);
        assertThat(client.post("/v1/charges", body(merchant.importCard("4000000000000119"), 400, "EUR"))
                .statusCode()).isEqualTo(502);

        assertDenied(merchant, client.post("/v1/charges", body(token, 501, "EUR")), "daily_max");
        assertThat(client.post("/v1/charges", body(token, 500, "EUR")).statusCode()).isEqualTo(201);
        assertDenied(merchant, client.post("/v1/charges", body(token, 1, "EUR")), "daily_max");
    }

    @Test
    void createWhenVoidedThenDailyCapShareGivenBack() {
        TestMerchant merchant = fixture().merchant();
        fixture().setAcl(merchant.id(), "{\"currencies\": [{\"currency\": \"EUR\", \"daily_max\": 1000}]}");
        HttpTestClient client = merchant.client();
        String token = merchant.importCard("4242424242424242");
        String id = json(client.post("/v1/charges", body(token, 1000, "EUR", "\"capture\": false")))
                .get("id").asString();
        assertDenied(merchant, client.post("/v1/charges", body(token, 1, "EUR")), "daily_max");

        assertThat(client.post("/v1/charges/" + id + "/void", "{}").statusCode()).isEqualTo(200);

        assertThat(client.post("/v1/charges", body(token, 1000, "EUR")).statusCode()).isEqualTo(201);
    }

    @Test
    void createWhenMerchantInitiatedNotAllowedThenDeniedAndSingleUseTokenUnspent() {
        TestMerchant merchant = fixture().merchant();
        fixture().setAcl(merchant.id(), "{\"merchant_initiated_allowed\": false, \"currencies\": [{\"currency\": \"EUR\"}]}");
        HttpTestClient client = merchant.client();
        String token = fixture().importCard(merchant.id(), "4242424242424242", "{\"usage\": \"single_use\"}");

        assertDenied(merchant, client.post("/v1/charges", body(token, 100, "EUR",
                "\"channel\": \"merchant_initiated\"")), "merchant_initiated");

        assertThat(client.post("/v1/charges", body(token, 100, "EUR")).statusCode()).isEqualTo(201);
        assertThat(code(client.post("/v1/charges", body(token, 100, "EUR")))).isEqualTo("token_already_used");
    }

    @Test
    void createWhenDeniedWithIdempotencyKeyThenDenialReplayedAndAuditedOnce() {
        TestMerchant merchant = fixture().merchant();
        fixture().setAcl(merchant.id(), "{\"currencies\": [{\"currency\": \"EUR\"}]}");
        HttpTestClient keyed = merchant.client().header("Idempotency-Key", "acl-" + System.nanoTime());
        String body = body(merchant.importCard("4242424242424242"), 100, "USD");

        HttpResponse<String> first = keyed.post("/v1/charges", body);
        HttpResponse<String> replay = keyed.post("/v1/charges", body);

        assertThat(replay.body()).isEqualTo(first.body());
        assertThat(replay.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(deniedCount(merchant, "currency")).isEqualTo(1);
    }

    private void assertDenied(TestMerchant merchant, HttpResponse<String> response, String rule) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
        assertThat(code(response)).isEqualTo("acl_denied");
        assertThat(json(response).get("rule").asString()).isEqualTo(rule);
        assertThat(deniedCount(merchant, rule)).as("acl.denied audit rows for " + rule).isPositive();
        String action = jdbc.sql("SELECT action FROM audit_events WHERE merchant_id = ? ORDER BY id DESC LIMIT 1")
                .param(merchant.id()).query(String.class).single();
        assertThat(action).isEqualTo("acl.denied");
        // Refused before the card was touched: no card was opened for a charge that does not exist.
        assertThat(jdbc.sql("SELECT count(*) FROM audit_events a WHERE a.action = 'card.opened' AND a.merchant_id = ? "
                + "AND NOT EXISTS (SELECT 1 FROM charges c WHERE c.id = a.details->>'charge')")
                .param(merchant.id()).query(Integer.class).single()).isZero();
    }

    private int deniedCount(TestMerchant merchant, String rule) {
        return jdbc.sql("SELECT count(*) FROM audit_events WHERE action = 'acl.denied' AND merchant_id = ? "
                + "AND details->>'rule' = ?").params(merchant.id(), rule).query(Integer.class).single();
    }
}
