package io.tokengate.demoshop;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * Order ids that sort by time and never repeat, also across restarts: they become idempotency keys
 * at the gateway, which remembers keys for 24 hours, so a counter restarting at 1 would replay an
 * old charge instead of making a new one.
 */
final class OrderIds {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern VALID = Pattern.compile("ord_[0-9a-z]{1,13}_[0-9a-f]{8}");

    private OrderIds() {
    }

    static String next() {
        return "ord_" + Long.toString(System.currentTimeMillis(), 36) + "_"
                + String.format("%08x", RANDOM.nextInt());
    }

    static boolean isValid(String id) {
        return id != null && VALID.matcher(id).matches();
    }
}
