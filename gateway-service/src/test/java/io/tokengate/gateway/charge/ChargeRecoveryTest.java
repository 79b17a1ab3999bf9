package io.tokengate.gateway.charge;

import static io.tokengate.gateway.charge.ChargeRequests.body;
import static io.tokengate.gateway.charge.ChargeRequests.charged;
import static io.tokengate.gateway.charge.ChargeRequests.code;
import static io.tokengate.gateway.support.OpsFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.tokengate.gateway.acquirer.Acquirer;
import io.tokengate.gateway.acquirer.AcquirerProperties;
import io.tokengate.gateway.acquirer.AcquirerResult;
import io.tokengate.gateway.acquirer.AuthorizationRequest;
import io.tokengate.gateway.audit.Actor;
import io.tokengate.gateway.idempotency.IdempotentRequest;
import io.tokengate.gateway.support.HttpTestClient;
import io.tokengate.gateway.support.IntegrationTest;
import io.tokengate.gateway.support.OpsFixture.TestMerchant;
import io.tokengate.vault.card.CardPayload;
import io.tokengate.vault.card.Expiry;
import io.tokengate.vault.card.Pan;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * A crash between the two commits, made real: phase one runs through the service's own public
 * method and commits, phase two never runs; the recovery job then settles the charge with the
 * acquirer's ledger in either state.
 */
class ChargeRecoveryTest extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;
    @Autowired
    ChargeService charges;
    @Autowired
    ChargeRecovery recovery;
    @Autowired
    Acquirer acquirer;
    @Autowired
    AcquirerProperties acquirerProperties;
    @Autowired
    JsonMapper json;

    private Duration timeout;
    private Duration delay;
    private Duration slowDelay;

    @BeforeEach
    void remember() {
        timeout = acquirerProperties.getTimeout();
        delay = acquirerProperties.getSimulator().getDelay();
        slowDelay = acquirerProperties.getSimulator().getSlowDelay();
    }

    @AfterEach
    void restore() {
        acquirerProperties.setTimeout(timeout);
        acquirerProperties.getSimulator().setDelay(delay);
        acquirerProperties.getSimulator().setSlowDelay(slowDelay);
    }

    @Test
    void recoverWhenAcquirerAuthorizedBeforeTheCrashThenChargeCapturedAndKeyReplaysIt() {
        TestMerchant merchant = fixture().merchant();
        String token = merchant.importCard("4242424242424242");
        String key = "crash-" + UUID.randomUUID();
        HttpTestClient keyed = merchant.client().header("Idempotency-Key", key);
        ChargeRequest request = new ChargeRequest(token, 2000L, "EUR", null, null, null, null);
        String chargeId = crashAfterPhaseOne(merchant, key, request);

        HttpResponse<String> meanwhile = keyed.post("/v1/charges", body(token, 2000, "EUR"));
        assertThat(meanwhile.statusCode()).isEqualTo(409);
        assertThat(code(meanwhile)).isEqualTo("idempotency_in_progress");

        // The acquirer got the authorization before the gateway died.
        AcquirerResult result = acquirer.authorize(new AuthorizationRequest(chargeId, new CardPayload(
                Pan.parse("4242424242424242"), new Expiry(12, 2034), null), 2000, "EUR", true, false, false));
        assertThat(result).isInstanceOf(AcquirerResult.Approved.class);

        assertThat(recovery.recoverStale(Duration.ZERO)).isPositive();

        assertThat(status(chargeId)).isEqualTo("captured");
        assertThat(audited(chargeId, "charge.recovered")).isEqualTo(1);
        assertThat(audited(chargeId, "charge.captured")).isEqualTo(1);
        HttpResponse<String> retry = keyed.post("/v1/charges", body(token, 2000, "EUR"));
        assertThat(retry.statusCode()).as(retry.body()).isEqualTo(201);
        assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(json(retry).get("id").asString()).isEqualTo(chargeId);
        assertThat(json(retry).get("status").asString()).isEqualTo("captured");
        assertThat(json(retry).get("token").asString()).isEqualTo(token);
        assertThat(charges(merchant)).isEqualTo(1);
        // A second run finds nothing left to settle for this charge.
        recovery.recoverStale(Duration.ZERO);
        assertThat(audited(chargeId, "charge.recovered")).isEqualTo(1);
    }

    @Test
    void recoverWhenAcquirerNeverAuthorizedThenFailedAndTokenCapAndKeyGivenBack() {
        TestMerchant merchant = fixture().merchant();
        fixture().setAcl(merchant.id(), "{\"currencies\": [{\"currency\": \"EUR\", \"daily_max\": 2000}]}");
        String token = fixture().importCard(merchant.id(), "4242424242424242", "{\"usage\": \"single_use\"}");
        String key = "crash-" + UUID.randomUUID();
        HttpTestClient keyed = merchant.client().header("Idempotency-Key", key);
        String chargeId = crashAfterPhaseOne(merchant, key, new ChargeRequest(token, 2000L, "EUR", null, null, null,
                null));
        // While the charge is pending it holds the day's cap and the single-use token.
        assertThat(code(merchant.client().post("/v1/charges", body(token, 2000, "EUR")))).isEqualTo("acl_denied");
        assertThat(jdbc.sql("SELECT used_at IS NOT NULL FROM tokens t JOIN charges c ON c.token_id = t.id "
                + "WHERE c.id = ?").param(chargeId).query(Boolean.class).single()).isTrue();

        assertThat(recovery.recoverStale(Duration.ZERO)).isPositive();

        assertThat(status(chargeId)).isEqualTo("failed");
        assertThat(jdbc.sql("SELECT failure_code FROM charges WHERE id = ?").param(chargeId).query(String.class)
                .single()).isEqualTo("recovered_no_authorization");
        assertThat(audited(chargeId, "charge.recovered")).isEqualTo(1);
        // Key released, single-use token unspent and the day's cap free again: the retry simply runs.
        HttpResponse<String> retry = keyed.post("/v1/charges", body(token, 2000, "EUR"));
        assertThat(retry.statusCode()).as(retry.body()).isEqualTo(201);
        assertThat(retry.headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(json(retry).get("id").asString()).isNotEqualTo(chargeId);
    }

    @Test
    void createWhenAcquirerTimesOutThenPendingUntilRecoveryFindsNothing() {
        TestMerchant merchant = fixture().merchant();
        String token = merchant.importCard("4000000000000077");
        HttpTestClient keyed = merchant.client().header("Idempotency-Key", "slow-" + UUID.randomUUID());
        acquirerProperties.setTimeout(Duration.ofMillis(200));
        acquirerProperties.getSimulator().setSlowDelay(Duration.ofSeconds(5));

        HttpResponse<String> response = keyed.post("/v1/charges", body(token, 300, "EUR"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(502);
        assertThat(code(response)).isEqualTo("acquirer_unavailable");
        String chargeId = json(response).get("charge").asString();
        assertThat(status(chargeId)).isEqualTo("pending");
        assertThat(code(keyed.post("/v1/charges", body(token, 300, "EUR")))).isEqualTo("idempotency_in_progress");

        recovery.recoverStale(Duration.ZERO);

        assertThat(status(chargeId)).isEqualTo("failed");
        assertThat(jdbc.sql("SELECT count(*) FROM acquirer_sim_ledger WHERE reference = ?").param(chargeId)
                .query(Integer.class).single()).isZero();
    }

    @Test
    void recoverWhenCaptureAndRefundGotNoAnswerThenSettledByLookup() {
        TestMerchant merchant = fixture().merchant();
        HttpTestClient client = merchant.client();
        String authorized = charged(client, merchant.importCard("4242424242424242"), 1000, "\"capture\": false")
                .get("id").asString();
        String captured = charged(client, merchant.importCard("5555555555554444"), 1000, null).get("id").asString();
        acquirerProperties.setTimeout(Duration.ofMillis(100));
        acquirerProperties.getSimulator().setDelay(Duration.ofMillis(400));

        assertThat(code(client.post("/v1/charges/" + authorized + "/capture", "{}"))).isEqualTo("acquirer_unavailable");
        assertThat(code(ChargeRequests.refund(client, captured, 600L))).isEqualTo("acquirer_unavailable");
        assertThat(status(authorized)).isEqualTo("capturing");
        assertThat(jdbc.sql("SELECT refunded_amount FROM charges WHERE id = ?").param(captured).query(Long.class)
                .single()).isEqualTo(600);
        acquirerProperties.getSimulator().setDelay(Duration.ZERO);
        acquirerProperties.setTimeout(timeout);

        recovery.recoverStale(Duration.ZERO);

        assertThat(status(authorized)).isEqualTo("authorized");
        assertThat(jdbc.sql("SELECT refunded_amount FROM charges WHERE id = ?").param(captured).query(Long.class)
                .single()).isZero();
        assertThat(jdbc.sql("SELECT status || ':' || failure_code FROM refunds WHERE charge_id = ?").param(captured)
                .query(String.class).single()).isEqualTo("failed:recovered_no_refund");
        assertThat(client.post("/v1/charges/" + authorized + "/capture", "{}").statusCode()).isEqualTo(200);
        assertThat(ChargeRequests.refund(client, captured, 1000L).statusCode()).isEqualTo(201);
    }

    private String crashAfterPhaseOne(TestMerchant merchant, String key, ChargeRequest request) {
        IdempotentRequest idempotency = IdempotentRequest.of(merchant.id(), key, "POST", "/v1/charges",
                json.writeValueAsBytes(request));
        ChargeContext context = new ChargeContext(merchant.id(), Actor.merchantKey("key_test", "127.0.0.1"), null,
                idempotency);
        ChargeService.Begun begun = charges.begin(context, request);
        assertThat(begun).isInstanceOf(ChargeService.Begun.Started.class);
        String id = ((ChargeService.Begun.Started) begun).pending().chargeId();
        assertThat(status(id)).isEqualTo("pending");
        return id;
    }

    private String status(String chargeId) {
        return jdbc.sql("SELECT status FROM charges WHERE id = ?").param(chargeId).query(String.class).single();
    }

    private int audited(String chargeId, String action) {
        return jdbc.sql("SELECT count(*) FROM audit_events WHERE action = ? AND subject_id = ?")
                .params(action, chargeId).query(Integer.class).single();
    }

    private int charges(TestMerchant merchant) {
        return jdbc.sql("SELECT count(*) FROM charges WHERE merchant_id = ?").param(merchant.id())
                .query(Integer.class).single();
    }
}
