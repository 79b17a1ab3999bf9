package io.tokengate.gateway.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import javax.net.ssl.SSLException;
import org.springframework.stereotype.Component;

/**
 * Posts one signed event to one endpoint with the JDK HttpClient and says how it went. Never
 * follows redirects (a redirect could lead to an address the URL check refused) and never keeps the
 * receiver's answer beyond its status code: the body is not read, and nothing of it is stored.
 */
@Component
class WebhookSender {

    static final String USER_AGENT = "TokenGate-Webhooks/1.0 (+https://docs.tokengate.io/webhooks)";

    private final WebhookProperties properties;
    private final Clock clock;
    private final HttpClient client;

    WebhookSender(WebhookProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
        this.client = HttpClient.newBuilder()
                .connectTimeout(properties.getConnectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** How one attempt ended: delivered (2xx), or the status and/or a short error code. */
    record Attempt(boolean delivered, Integer status, String error, long durationMs) {
    }

    Attempt post(String url, String eventId, String secret, byte[] body) {
        long started = System.nanoTime();
        URI uri = URI.create(url);
        String refused = WebhookUrls.refusal(uri, properties.isAllowLocalhost());
        if (refused != null) {
            return new Attempt(false, null, refused, elapsedMs(started));
        }
        long timestamp = clock.instant().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(properties.getRequestTimeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", USER_AGENT)
                .header("TokenGate-Event-Id", eventId)
                .header(WebhookSignature.HEADER, WebhookSignature.header(secret, timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            // Closing unread drops the connection rather than waiting for a body of any size.
            response.body().close();
            int status = response.statusCode();
            boolean ok = status >= 200 && status < 300;
            return new Attempt(ok, status, ok ? null : "http_status", elapsedMs(started));
        } catch (HttpConnectTimeoutException e) {
            return new Attempt(false, null, "connect_timeout", elapsedMs(started));
        } catch (HttpTimeoutException e) {
            return new Attempt(false, null, "timeout", elapsedMs(started));
        } catch (ConnectException e) {
            return new Attempt(false, null, "connection_refused", elapsedMs(started));
        } catch (SSLException e) {
            return new Attempt(false, null, "tls_error", elapsedMs(started));
        } catch (IOException e) {
            return new Attempt(false, null, "io_error", elapsedMs(started));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Attempt(false, null, "interrupted", elapsedMs(started));
        }
    }

    private static long elapsedMs(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }
}
