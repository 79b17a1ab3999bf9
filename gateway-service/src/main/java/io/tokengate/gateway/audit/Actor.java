package io.tokengate.gateway.audit;

import java.util.Objects;

/**
 * Who did something, as the audit trail records it.
 *
 * @param type     {@code ops}, {@code merchant}, {@code system} or {@code shopper}
 * @param id       the ops user, the API key id, the job name, or the checkout session
 * @param sourceIp the client address, when there was a client
 */
public record Actor(String type, String id, String sourceIp) {

    public Actor {
        Objects.requireNonNull(type, "type");
    }

    public static Actor system(String job) {
        return new Actor("system", job, null);
    }

    public static Actor ops(String user, String ip) {
        return new Actor("ops", user, ip);
    }

    public static Actor merchantKey(String keyId, String ip) {
        return new Actor("merchant", keyId, ip);
    }

    public static Actor shopper(String sessionId, String ip) {
        return new Actor("shopper", sessionId, ip);
    }
}
