package io.tokengate.gateway.checkout;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The address shoppers' browsers reach the gateway at, for the hosted page URL handed to
 * merchants: {@code tokengate.public-base-url} (behind a proxy, e.g. https://pay.example), or
 * {@code http://localhost:<port>} for development, with the port the server actually bound. It is
 * never taken from the request's Host header, which the caller controls.
 */
@Component
class PublicBaseUrl {

    private final String configured;
    private volatile String fallback = "http://localhost:8080";

    PublicBaseUrl(@Value("${tokengate.public-base-url:}") String configured) {
        String trimmed = configured == null ? "" : configured.strip();
        this.configured = trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }

    @EventListener
    void onServerStarted(WebServerInitializedEvent event) {
        // Management servers raise the event too; only the application's own port is the page's.
        if (event.getApplicationContext().getServerNamespace() == null) {
            fallback = "http://localhost:" + event.getWebServer().getPort();
        }
    }

    /** The hosted page of a session. */
    String pageOf(String sessionId) {
        return (configured.isEmpty() ? fallback : configured) + "/checkout/" + sessionId;
    }
}
