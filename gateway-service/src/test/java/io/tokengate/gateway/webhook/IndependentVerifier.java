package io.tokengate.gateway.webhook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A receiver's verification written from the documented rule alone (JDK only, no gateway code),
 * so a signature the gateway produces is proven checkable by an outside implementation.
 */
final class IndependentVerifier {

    private IndependentVerifier() {
    }

    /** Checks a TokenGate-Signature header against the raw request body. */
    static boolean verify(String secret, String header, byte[] body) {
        long tolerance = 300; // seconds
        try {
            Long t = null;
            java.util.List<String> v1 = new java.util.ArrayList<>();
            for (String part : header.split(",")) {
                String[] kv = part.split("=", 2);
                if (kv.length == 2 && kv[0].equals("t")) t = Long.parseLong(kv[1]);
                if (kv.length == 2 && kv[0].equals("v1")) v1.add(kv[1]);
            }
            if (t == null || Math.abs(Instant.now().getEpochSecond() - t) > tolerance) return false;
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((t + ".").getBytes(StandardCharsets.UTF_8));
            byte[] expected = mac.doFinal(body);
            for (String candidate : v1) {
                if (candidate.length() == 64 && MessageDigest.isEqual(expected, HexFormat.of().parseHex(candidate))) {
                    return true;
                }
            }
            return false;
        } catch (java.security.GeneralSecurityException | IllegalArgumentException e) {
            return false; // includes a malformed t or v1
        }
    }
}
