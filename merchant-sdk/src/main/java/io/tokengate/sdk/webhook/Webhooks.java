package io.tokengate.sdk.webhook;

import io.tokengate.sdk.Operation;
import io.tokengate.sdk.exception.SignatureVerificationException;
import io.tokengate.sdk.internal.Json;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.core.JacksonException;

/**
 * Verifies webhook requests before you act on them. The gateway signs each request with the
 * endpoint's secret ({@code whsec_...}, shown once when the endpoint is registered):
 * {@code TokenGate-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>}.
 *
 * <p>Guarantees: the MAC is compared in constant time; a signature older or newer than the
 * tolerance (default {@link #DEFAULT_TOLERANCE}, 5 minutes) is refused, so a captured request
 * cannot be replayed later; any {@code v1} value may match (several appear while a secret is
 * rolled). Pass the raw request body exactly as received: parsed and re-serialized JSON does not
 * verify.
 */
public final class Webhooks {

    /** The request header carrying the signature. */
    public static final String SIGNATURE_HEADER = "TokenGate-Signature";
    /** How far the signature's timestamp may be from now. */
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    private Webhooks() {
    }

    /** {@link #constructEvent(String, String, String, Duration)} with the default tolerance. */
    public static Event constructEvent(String payload, String signatureHeader, String secret) {
        return constructEvent(payload, signatureHeader, secret, DEFAULT_TOLERANCE);
    }

    /**
     * Verifies the signature of a webhook request and parses its body.
     *
     * @param payload         the raw request body (UTF-8), unchanged
     * @param signatureHeader the value of the {@code TokenGate-Signature} header
     * @param secret          the endpoint's secret ({@code whsec_...})
     * @param tolerance       how far the signature's timestamp may be from now
     * @return the verified event
     * @throws SignatureVerificationException if the header is missing or malformed, no signature
     *                                        matches, or the timestamp is outside the tolerance
     */
    @Operation("receiveWebhookEvent")
    public static Event constructEvent(String payload, String signatureHeader, String secret, Duration tolerance) {
        Objects.requireNonNull(payload, "payload");
        byte[] body = payload.getBytes(StandardCharsets.UTF_8);
        verifySignature(body, signatureHeader, secret, tolerance, Clock.systemUTC());
        try {
            return Json.MAPPER.readValue(body, Event.class);
        } catch (JacksonException e) {
            throw new SignatureVerificationException("The signature is valid but the body is not a TokenGate "
                    + "event; check that this endpoint receives only TokenGate webhooks.");
        }
    }

    /**
     * Verifies a signature over raw bytes without parsing them.
     *
     * @throws SignatureVerificationException as {@link #constructEvent(String, String, String, Duration)}
     */
    public static void verifySignature(byte[] payload, String signatureHeader, String secret, Duration tolerance,
                                       Clock clock) {
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(tolerance, "tolerance");
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("The endpoint's secret (whsec_...) is required to verify webhooks.");
        }
        if (signatureHeader == null || signatureHeader.isBlank()) {
            throw new SignatureVerificationException("No " + SIGNATURE_HEADER + " header: this request was not "
                    + "sent by TokenGate, or a proxy dropped the header.");
        }
        Long timestamp = null;
        List<byte[]> signatures = new ArrayList<>();
        for (String part : signatureHeader.split(",")) {
            int eq = part.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String key = part.substring(0, eq).trim();
            String value = part.substring(eq + 1).trim();
            try {
                if ("t".equals(key)) {
                    timestamp = Long.parseLong(value);
                } else if ("v1".equals(key)) {
                    signatures.add(HexFormat.of().parseHex(value));
                }
            } catch (IllegalArgumentException e) {
                throw new SignatureVerificationException("Malformed " + SIGNATURE_HEADER + " header; pass the "
                        + "header's value unchanged.");
            }
        }
        if (timestamp == null || signatures.isEmpty()) {
            throw new SignatureVerificationException(SIGNATURE_HEADER + " has no t= timestamp or no v1= "
                    + "signature; pass the header's value unchanged.");
        }
        long age = clock.instant().getEpochSecond() - timestamp;
        if (Math.abs(age) > tolerance.toSeconds()) {
            throw new SignatureVerificationException("The signature's timestamp is " + Math.abs(age) + " s "
                    + (age > 0 ? "old" : "in the future") + ", outside the tolerance of " + tolerance.toSeconds()
                    + " s: a replayed request, or this server's clock is wrong (use NTP).");
        }
        byte[] expected = mac(secret, timestamp, payload);
        boolean match = false;
        for (byte[] signature : signatures) {
            match |= MessageDigest.isEqual(expected, signature);
        }
        if (!match) {
            throw new SignatureVerificationException("No signature matches the payload: verify the raw request "
                    + "body exactly as received (not re-serialized JSON) with this endpoint's whsec_ secret.");
        }
    }

    private static byte[] mac(String secret, long timestamp, byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
            return mac.doFinal(payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }
}
