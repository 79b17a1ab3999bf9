package io.tokengate.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokengate.gateway.webhook.WebhookSignature;
import io.tokengate.sdk.exception.SignatureVerificationException;
import io.tokengate.sdk.model.Charge;
import io.tokengate.sdk.webhook.Event;
import io.tokengate.sdk.webhook.Webhooks;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Signature verification, with headers made by the gateway's own signer
 * ({@link WebhookSignature}), so the SDK and the gateway cannot drift apart unnoticed.
 */
class WebhooksTest {

    private static final String SECRET = "whsec_4Xk9fQ2mRt7WvB3nZp6Yc8Ld1Hs5Jg0Ea2Uo4Ki7Mw9";
    private static final String PAYLOAD = """
            {"id":"evt_8cVb3NmQ1wEr5TyU7iOp2a","object":"event","type":"charge.succeeded",\
            "created_at":"2026-11-27T10:00:00.000001Z","data":{"object":"charge","id":"ch_4fGh7JkL9mN2pQ5rS8tV1w",\
            "amount":1050,"currency":"EUR","status":"captured","captured_amount":1050,"refunded_amount":0,\
            "channel":"customer_initiated","reference":"ord_42","new_field":"ignored"}}""";

    private static String header(String payload, Instant at) {
        return WebhookSignature.header(SECRET, at.getEpochSecond(), payload.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void constructEventWhenSignedByTheGatewayThenEventParsed() {
        Event event = Webhooks.constructEvent(PAYLOAD, header(PAYLOAD, Instant.now()), SECRET);

        assertThat(event.id()).isEqualTo("evt_8cVb3NmQ1wEr5TyU7iOp2a");
        assertThat(event.type()).isEqualTo(Event.CHARGE_SUCCEEDED);
        assertThat(event.createdAt()).isEqualTo(Instant.parse("2026-11-27T10:00:00.000001Z"));
        assertThat(event.data()).containsEntry("id", "ch_4fGh7JkL9mN2pQ5rS8tV1w");
        Charge charge = event.dataAs(Charge.class);
        assertThat(charge.amount()).isEqualTo(1050);
        assertThat(charge.reference()).isEqualTo("ord_42");
    }

    @Test
    void constructEventWhenPayloadTamperedThenRefused() {
        String header = header(PAYLOAD, Instant.now());

        assertThatThrownBy(() -> Webhooks.constructEvent(PAYLOAD.replace("1050", "9050"), header, SECRET))
                .isInstanceOf(SignatureVerificationException.class).hasMessageContaining("raw request body");
        assertThatThrownBy(() -> Webhooks.constructEvent(PAYLOAD + " ", header, SECRET))
                .isInstanceOf(SignatureVerificationException.class);
    }

    @Test
    void constructEventWhenSignedWithAnotherSecretThenRefused() {
        String header = WebhookSignature.header("whsec_other", Instant.now().getEpochSecond(),
                PAYLOAD.getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> Webhooks.constructEvent(PAYLOAD, header, SECRET))
                .isInstanceOf(SignatureVerificationException.class);
    }

    @Test
    void constructEventWhenOlderOrNewerThanTheToleranceThenRefusedAsAReplay() {
        String old = header(PAYLOAD, Instant.now().minus(Duration.ofMinutes(6)));
        String future = header(PAYLOAD, Instant.now().plus(Duration.ofMinutes(6)));

        assertThatThrownBy(() -> Webhooks.constructEvent(PAYLOAD, old, SECRET))
                .isInstanceOf(SignatureVerificationException.class).hasMessageContaining("old")
                .hasMessageContaining("tolerance of 300 s");
        assertThatThrownBy(() -> Webhooks.constructEvent(PAYLOAD, future, SECRET))
                .hasMessageContaining("in the future");
        assertThat(Webhooks.constructEvent(PAYLOAD, old, SECRET, Duration.ofMinutes(10)).id()).startsWith("evt_");
        assertThat(Webhooks.constructEvent(PAYLOAD, header(PAYLOAD, Instant.now().minusSeconds(290)), SECRET))
                .isNotNull();
    }

    @Test
    void constructEventWhenHeaderMissingOrMalformedThenRefused() {
        long now = Instant.now().getEpochSecond();

        assertThatThrownBy(() -> Webhooks.constructEvent(PAYLOAD, null, SECRET))
                .hasMessageContaining("No TokenGate-Signature header");
        assertThatThrownBy(() -> Webhooks.constructEvent(PAYLOAD, "v1=abcd", SECRET))
                .hasMessageContaining("no t= timestamp");
        assertThatThrownBy(() -> Webhooks.constructEvent(PAYLOAD, "t=" + now, SECRET))
                .hasMessageContaining("no v1= signature");
        assertThatThrownBy(() -> Webhooks.constructEvent(PAYLOAD, "t=" + now + ",v1=zz", SECRET))
                .hasMessageContaining("Malformed");
        assertThatThrownBy(() -> Webhooks.constructEvent(PAYLOAD, "t=soon,v1=00", SECRET))
                .hasMessageContaining("Malformed");
    }

    @Test
    void constructEventWhenOneOfSeveralSignaturesMatchesThenAccepted() {
        String valid = header(PAYLOAD, Instant.now());
        String withRolledSecret = valid + ",v1=" + "00".repeat(32);
        String wrongFirst = valid.replaceFirst("v1=", "v1=" + "11".repeat(32) + ",v1=");

        assertThat(Webhooks.constructEvent(PAYLOAD, withRolledSecret, SECRET).type()).isEqualTo("charge.succeeded");
        assertThat(Webhooks.constructEvent(PAYLOAD, wrongFirst, SECRET).type()).isEqualTo("charge.succeeded");
    }

    @Test
    void constructEventWhenSignatureValidButBodyNotAnEventThenRefused() {
        String notJson = "hello";

        assertThatThrownBy(() -> Webhooks.constructEvent(notJson, header(notJson, Instant.now()), SECRET))
                .isInstanceOf(SignatureVerificationException.class).hasMessageContaining("not a TokenGate event");
    }
}
