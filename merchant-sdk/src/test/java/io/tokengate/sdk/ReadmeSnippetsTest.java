package io.tokengate.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokengate.sdk.exception.CardDeclinedException;
import io.tokengate.sdk.exception.SignatureVerificationException;
import io.tokengate.sdk.model.Charge;
import io.tokengate.sdk.model.CheckoutCompletion;
import io.tokengate.sdk.model.CheckoutSession;
import io.tokengate.sdk.model.Refund;
import io.tokengate.sdk.model.TokenMigration;
import io.tokengate.sdk.model.TokenPair;
import io.tokengate.sdk.model.WebhookEndpoint;
import io.tokengate.sdk.param.ChargeCreateParams;
import io.tokengate.sdk.param.CheckoutSessionCompleteParams;
import io.tokengate.sdk.param.CheckoutSessionCreateParams;
import io.tokengate.sdk.param.RefundCreateParams;
import io.tokengate.sdk.param.WebhookEndpointCreateParams;
import io.tokengate.sdk.testing.GatewayTest;
import io.tokengate.sdk.testing.OpsApi;
import io.tokengate.sdk.testing.Shopper;
import io.tokengate.sdk.testing.WebhookReceiver;
import io.tokengate.sdk.webhook.Event;
import io.tokengate.sdk.webhook.Webhooks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The README's retailer quick start, run against the real gateway. The code between
 * {@code // README:<name>} and {@code // README:end} is what the README shows, character for
 * character ({@link ReadmeTest} checks it); the methods around it stand in for the shop.
 */
class ReadmeSnippetsTest extends GatewayTest {

    private final List<String> shop = new ArrayList<>();
    private final Set<String> handledEvents = new HashSet<>();
    private String lastCharge;
    private final List<String> tokensInOurDatabase = new ArrayList<>();

    @Test
    void quickStartWhenRunInOrderThenTheRetailerFlowWorksEndToEnd() {
        TestMerchant merchant = merchant();
        TokenGateClient client = client(gateway().baseUrl(), merchant.secret(OpsApi.ALL_SCOPES.toArray(String[]::new)));

        String redirectTo = openCheckout(client);
        Map<String, String> back = Shopper.query(new Shopper().payOnHostedPage(redirectTo, "4242424242424242"));
        String token = checkoutReturn(client, back.get("session_id"), back.get("code"));
        String chargeId = chargeAgain(client, token, "order-43");
        Refund refund = refund(client, chargeId);
        chargeAgain(client, merchant.card("4000000000009995"), "order-44");

        assertThat(shop).containsExactly("saved visa •••• 4242", "paid order-42", "paid order-43",
                "declined order-44: insufficient_funds");
        assertThat(client.charges().get(chargeId).channel()).isEqualTo("merchant_initiated");
        assertThat(refund.status()).isEqualTo("succeeded");
        assertThat(client.charges().get(chargeId).refundedAmount()).isEqualTo(500);
    }

    @Test
    void webhookSnippetWhenTheGatewayDeliversThenVerifiedOnceAndForgeriesRefused() {
        TestMerchant merchant = merchant();
        TokenGateClient client = merchant.client();
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            String webhookSecret = registerWebhook(client, receiver.url());
            chargeAgain(client, merchant.card("5555555555554444"), "order-45");
            WebhookReceiver.Delivery delivery = receiver.next(Duration.ofSeconds(60));

            assertThat(onWebhook(delivery.body(), delivery.signature(), webhookSecret)).isEqualTo(200);
            assertThat(onWebhook(delivery.body(), delivery.signature(), webhookSecret)).isEqualTo(200);
            assertThat(onWebhook(delivery.body().replace("order-45", "order-99"), delivery.signature(),
                    webhookSecret)).isEqualTo(400);
            assertThat(shop).containsExactly("paid order-45", "paid order-45 (webhook)");
        }
    }

    @Test
    void migrationSnippetWhenMerchantContainedThenStoredTokensReplacedAndMigrationDone() throws Exception {
        TestMerchant merchant = merchant();
        merchant.secret(OpsApi.ALL_SCOPES.toArray(String[]::new)); // the replacement key gets the old keys' scopes
        String stored = merchant.card("4242424242424242");
        tokensInOurDatabase.add(stored);
        JsonNode incident = OpsApi.expect(201, ops().post("/ops/merchants/" + merchant.id() + "/incidents",
                "{\"reason\": \"drill\"}"));
        TokenGateClient client = merchant.clientWithSecret(incident.get("new_api_key").get("secret").asString());
        String migrationId = incident.get("token_migration").asString();
        for (int i = 0; i < 100 && !"ready".equals(client.tokenMigrations().get(migrationId).status()); i++) {
            Thread.sleep(100);
        }

        applyTokenMigrations(client);

        assertThat(tokensInOurDatabase).hasSize(1).doesNotContain(stored);
        assertThat(client.tokens().get(tokensInOurDatabase.getFirst()).status()).isEqualTo("active");
        assertThat(client.tokenMigrations().get(migrationId).status()).isEqualTo("done");
    }

    private TokenGateClient client(String tokengateUrl, String secretKey) {
        // README:client
        TokenGateClient client = TokenGateClient.builder()
                .baseUrl(tokengateUrl)             // e.g. https://pay.example
                .secretKey(secretKey)              // from your secrets store, never from source code
                .build();                          // thread-safe: build one, share it
        // README:end
        return client;
    }

    private String openCheckout(TokenGateClient client) {
        // README:checkout
        CheckoutSession session = client.checkoutSessions().create(CheckoutSessionCreateParams.builder()
                .mode(CheckoutSessionCreateParams.Mode.PAYMENT)
                .amount(4999)                      // minor units: 49.99 EUR
                .currency("EUR")
                .successUrl("https://shop.example/checkout/done")
                .cancelUrl("https://shop.example/cart")
                .merchantReference("order-42")
                .build());
        String redirectTo = session.url();         // answer the browser: 303 See Other, Location: redirectTo
        // README:end
        return redirectTo;
    }

    private String checkoutReturn(TokenGateClient client, String sessionId, String code) {
        // README:complete
        // GET /checkout/done?session_id=cs_...&code=chk_... : exchange the code from your server
        CheckoutCompletion done = client.checkoutSessions().complete(sessionId,
                CheckoutSessionCompleteParams.builder().code(code).build());
        String token = done.token().token();       // keep it with the customer: it is worthless without your key
        saveCard(token, done.token().card().brand() + " •••• " + done.token().card().last4());
        markPaid(done.session().merchantReference(), done.charge());
        // README:end
        return token;
    }

    private String chargeAgain(TokenGateClient client, String token, String orderId) {
        lastCharge = null;
        // README:charge
        try {
            Charge charge = client.charges().create(ChargeCreateParams.builder()
                            .token(token)
                            .amount(1250)
                            .currency("EUR")
                            .channel(ChargeCreateParams.Channel.MERCHANT_INITIATED)  // the shopper is not present
                            .reference(orderId)
                            .build(),
                    RequestOptions.builder().idempotencyKey(orderId).build());   // one order, one charge
            markPaid(orderId, charge);
        } catch (CardDeclinedException e) {
            askForAnotherCard(orderId, e.getDeclineCode());                      // e.g. insufficient_funds
        }
        // README:end
        return lastCharge;
    }

    private Refund refund(TokenGateClient client, String chargeId) {
        // README:refund
        Refund refund = client.refunds().create(RefundCreateParams.builder()
                .charge(chargeId)
                .amount(500)                       // 5.00 EUR; leave it out to refund what is left
                .reason(RefundCreateParams.Reason.REQUESTED_BY_CUSTOMER)
                .build());
        // README:end
        return refund;
    }

    private String registerWebhook(TokenGateClient client, String webhookUrl) {
        // README:webhook-endpoint
        WebhookEndpoint endpoint = client.webhookEndpoints().create(WebhookEndpointCreateParams.builder()
                .url(webhookUrl)                   // e.g. https://shop.example/webhooks/tokengate
                .events(Event.CHARGE_SUCCEEDED, Event.TOKEN_REVOKED, Event.TOKEN_REPLACED)
                .build());
        String webhookSecret = endpoint.secret();  // shown this once: store it with your configuration
        // README:end
        return webhookSecret;
    }

    private int onWebhook(String rawBody, String signatureHeader, String webhookSecret) {
        // README:webhook
        // POST /webhooks/tokengate: verify the raw body before trusting anything in it
        Event event;
        try {
            event = Webhooks.constructEvent(rawBody, signatureHeader, webhookSecret);
        } catch (SignatureVerificationException e) {
            return 400;                            // not from TokenGate, altered, or replayed
        }
        if (!handledEvents.add(event.id())) {
            return 200;                            // delivery is at least once: skip duplicates
        }
        switch (event.type()) {
            case Event.CHARGE_SUCCEEDED -> markPaidByWebhook(event.dataAs(Charge.class));
            case Event.TOKEN_REPLACED -> replaceStoredTokens(event);   // after a containment: see tokenMigrations()
            default -> { }
        }
        return 200;
        // README:end
    }

    private void applyTokenMigrations(TokenGateClient client) {
        // README:migrate
        // After a containment, with the new key ops handed over: swap every stored token, then say so
        for (TokenMigration migration : client.tokenMigrations().list().autoPagingIterable()) {
            if (!"ready".equals(migration.status())) {
                continue;                          // in_progress: come back later; done: already applied
            }
            for (TokenPair pair : client.tokenMigrations().listPairs(migration.id()).autoPagingIterable()) {
                replaceStoredToken(pair.oldToken(), pair.newToken());
            }
            client.tokenMigrations().markDone(migration.id());
        }
        // README:end
    }

    private void replaceStoredToken(String oldToken, String newToken) {
        int at = tokensInOurDatabase.indexOf(oldToken);
        if (at >= 0) {
            tokensInOurDatabase.set(at, newToken);
        }
    }

    private void saveCard(String token, String label) {
        assertThat(token).isNotBlank();
        shop.add("saved " + label);
    }

    private void markPaid(String orderId, Charge charge) {
        assertThat(charge.status()).isEqualTo(Charge.CAPTURED);
        lastCharge = charge.id();
        shop.add("paid " + orderId);
    }

    private void markPaidByWebhook(Charge charge) {
        shop.add("paid " + charge.reference() + " (webhook)");
    }

    private void askForAnotherCard(String orderId, String declineCode) {
        shop.add("declined " + orderId + ": " + declineCode);
    }

    private void replaceStoredTokens(Event event) {
        shop.add("replace tokens " + event.id());
    }
}
