package io.tokengate.gateway.webhook;

import java.util.List;
import java.util.Set;

/**
 * The event types a merchant can subscribe an endpoint to; the database CHECKs on
 * {@code webhook_endpoints.events} and {@code webhook_events.type} hold the same list.
 */
public final class WebhookEventTypes {

    /** One of the merchant's tokens was revoked (by the merchant or by ops); carries the token value. */
    public static final String TOKEN_REVOKED = "token.revoked";
    /** A containment replaced tokens: one event per token migration, not per token. */
    public static final String TOKEN_REPLACED = "token.replaced";
    /** Ops opened a containment incident for the merchant. */
    public static final String INCIDENT_OPENED = "incident.opened";
    /** A charge was authorized or captured. */
    public static final String CHARGE_SUCCEEDED = "charge.succeeded";
    /** A charge was declined by the issuer or failed at the network. */
    public static final String CHARGE_FAILED = "charge.failed";
    /** A refund went through. */
    public static final String REFUND_SUCCEEDED = "refund.succeeded";

    /** Subscribes an endpoint to every type, including types added later. */
    public static final String ALL_EVENTS = "*";

    /** In documentation order. */
    public static final List<String> ALL = List.of(TOKEN_REVOKED, TOKEN_REPLACED, INCIDENT_OPENED, CHARGE_SUCCEEDED,
            CHARGE_FAILED, REFUND_SUCCEEDED);

    private static final Set<String> KNOWN = Set.copyOf(ALL);

    private WebhookEventTypes() {
    }

    public static boolean isKnown(String type) {
        return KNOWN.contains(type);
    }
}
