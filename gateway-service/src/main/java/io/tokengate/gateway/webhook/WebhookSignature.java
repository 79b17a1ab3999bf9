package io.tokengate.gateway.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The webhook signature scheme. Each request carries
 * {@code TokenGate-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>}, where the
 * key is the endpoint's secret ({@code whsec_...}) as UTF-8 bytes and the body is the exact bytes
 * sent. Binding the timestamp into the MAC lets a receiver refuse replays older than a tolerance
 * ({@link #DEFAULT_TOLERANCE}, 5 minutes); the {@code v1=} label leaves room for a later scheme
 * (a receiver accepts the header if any {@code v1} value matches).
 */
public final class WebhookSignature {

    public static final String HEADER = "TokenGate-Signature";
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    private WebhookSignature() {
    }

    /** The header value for a body sent at {@code timestamp} (unix seconds). */
    public static String header(String secret, long timestamp, byte[] body) {
        return "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(mac(secret, timestamp, body));
    }

    /**
     * Whether {@code header} is a valid signature of {@code body} under {@code secret}, made within
     * {@code tolerance} of {@code now}. Compares in constant time; never throws on a malformed header.
     */
    public static boolean verify(String secret, String header, byte[] body, Instant now, Duration tolerance) {
        if (header == null) {
            return false;
        }
        Long timestamp = null;
        List<byte[]> candidates = new ArrayList<>();
        for (String part : header.split(",")) {
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
                    candidates.add(HexFormat.of().parseHex(value));
                }
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
        if (timestamp == null || candidates.isEmpty()
                || Math.abs(now.getEpochSecond() - timestamp) > tolerance.toSeconds()) {
            return false;
        }
        byte[] expected = mac(secret, timestamp, body);
        boolean ok = false;
        for (byte[] candidate : candidates) {
            ok |= MessageDigest.isEqual(expected, candidate);
        }
        return ok;
    }

    private static byte[] mac(String secret, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
