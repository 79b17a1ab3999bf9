package io.tokengate.sdk.internal;

import io.tokengate.sdk.RequestOptions;
import io.tokengate.sdk.exception.ApiConnectionException;
import io.tokengate.sdk.exception.Problem;
import io.tokengate.sdk.exception.ApiException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.UUID;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;

/**
 * Sends one API call with its retries: authentication, the {@code Idempotency-Key} of a POST
 * (generated once per call, so every retry carries the same key), backoff with jitter, and the
 * mapping of error answers to typed exceptions. Retries only what may succeed unchanged:
 * connection errors, 409 {@code idempotency_in_progress}, 429 and 5xx. Logs nothing but the
 * operation id, status and request id: never the secret, a path (it may hold a token) or a body.
 * Internal: not part of the SDK's API.
 */
public final class ApiRequestor {

    private static final System.Logger LOG = System.getLogger("io.tokengate.sdk");

    /** Everything a call needs from the client. */
    public record Config(URI baseUrl, String secretKey, HttpClient http, Duration requestTimeout, int maxRetries,
                         Backoff backoff, String userAgent) {

        public Config {
            Objects.requireNonNull(baseUrl, "baseUrl");
            Objects.requireNonNull(secretKey, "secretKey");
            Objects.requireNonNull(http, "http");
        }

        @Override
        public String toString() {
            return "Config{baseUrl=" + baseUrl + ", secretKey=" + Redact.secret(secretKey) + "}";
        }
    }

    private final Config config;
    private final String base;

    public ApiRequestor(Config config) {
        this.config = config;
        String url = config.baseUrl().toString();
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    public <T> T get(String operation, String path, Map<String, ?> query, JavaType type, RequestOptions options) {
        return send(operation, "GET", path + queryString(query), null, type, options);
    }

    public <T> T post(String operation, String path, Object body, JavaType type, RequestOptions options) {
        return send(operation, "POST", path, body == null ? Map.of() : body, type, options);
    }

    public <T> T delete(String operation, String path, JavaType type, RequestOptions options) {
        return send(operation, "DELETE", path, null, type, options);
    }

    public static JavaType type(Class<?> type) {
        return Json.MAPPER.constructType(type);
    }

    public static JavaType listOf(Class<?> itemType) {
        return Json.MAPPER.getTypeFactory().constructParametricType(ListEnvelope.class, itemType);
    }

    /** Encodes one path segment (an id or a token value) so it cannot change the path. */
    public static String segment(String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("An id is required.");
        }
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private <T> T send(String operation, String method, String pathAndQuery, Object body, JavaType type,
                       RequestOptions options) {
        RequestOptions opts = options == null ? RequestOptions.defaults() : options;
        int maxRetries = opts.maxRetries().orElse(config.maxRetries());
        Duration timeout = opts.timeout().orElse(config.requestTimeout());
        String idempotencyKey = "POST".equals(method)
                ? opts.idempotencyKey().orElseGet(() -> UUID.randomUUID().toString()) : null;
        byte[] payload = body == null ? null : Json.MAPPER.writeValueAsBytes(body);
        HttpRequest request = request(method, pathAndQuery, payload, idempotencyKey, timeout);

        for (int retry = 0; ; retry++) {
            HttpResponse<byte[]> response;
            try {
                response = config.http().send(request, HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                if (retry < maxRetries) {
                    pause(operation, retry, maxRetries, "a connection error (" + e.getClass().getSimpleName() + ")",
                            null, null);
                    continue;
                }
                throw new ApiConnectionException(connectionMessage(operation, e, retry), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ApiConnectionException("Interrupted while calling TokenGate (" + operation + ").", e);
            }
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return parse(response.body(), type, operation);
            }
            Problem problem = problem(response);
            Duration retryAfter = retryAfter(response);
            if (retry < maxRetries && retryable(status, problem.code(), retryAfter)) {
                pause(operation, retry, maxRetries, "HTTP " + status, retryAfter, problem.requestId());
                continue;
            }
            throw Errors.of(problem, retryAfter);
        }
    }

    private HttpRequest request(String method, String pathAndQuery, byte[] payload, String idempotencyKey,
                                Duration timeout) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                .timeout(timeout)
                .header("Authorization", "Bearer " + config.secretKey())
                .header("Accept", "application/json")
                .header("User-Agent", config.userAgent());
        if (idempotencyKey != null) {
            builder.header("Idempotency-Key", idempotencyKey);
        }
        if (payload != null) {
            builder.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(payload));
        } else {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return builder.build();
    }

    static boolean retryable(int status, String code, Duration retryAfter) {
        if (retryAfter != null && retryAfter.compareTo(Backoff.MAX_RETRY_AFTER) > 0) {
            return false;
        }
        return status == 429 || status >= 500 || (status == 409 && "idempotency_in_progress".equals(code));
    }

    private void pause(String operation, int retry, int maxRetries, String why, Duration retryAfter, String requestId) {
        Duration wait = config.backoff().delay(retry, retryAfter);
        LOG.log(System.Logger.Level.DEBUG, () -> "TokenGate " + operation + ": retry " + (retry + 1) + " of "
                + maxRetries + " in " + wait.toMillis() + " ms after " + why
                + (requestId == null ? "" : " (request_id " + requestId + ")"));
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiConnectionException("Interrupted while waiting to retry TokenGate (" + operation + ").", e);
        }
    }

    private <T> T parse(byte[] body, JavaType type, String operation) {
        try {
            return Json.MAPPER.readValue(body, type);
        } catch (JacksonException e) {
            throw new ApiException("The gateway's answer to " + operation + " could not be read as "
                    + type.getRawClass().getSimpleName() + "; check that the base URL points at a TokenGate "
                    + "gateway and that the SDK is up to date.", null, e);
        }
    }

    private static Problem problem(HttpResponse<byte[]> response) {
        String requestId = response.headers().firstValue("Request-Id").orElse(null);
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        if (response.body().length > 0 && contentType.contains("json")) {
            try {
                Problem parsed = Json.MAPPER.readValue(response.body(), Problem.class);
                return new Problem(parsed.type(), parsed.title(), response.statusCode(), parsed.detail(),
                        parsed.code(), parsed.param(), parsed.requestId() != null ? parsed.requestId() : requestId,
                        parsed.rule(), parsed.requiredScope(), parsed.declineCode(), parsed.charge(),
                        parsed.refund(), parsed.reason());
            } catch (JacksonException e) {
                // Not a problem document (a proxy's answer, say): the status alone will have to do.
            }
        }
        return Problem.ofStatus(response.statusCode(), requestId);
    }

    static Duration retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").map(ApiRequestor::parseRetryAfter).orElse(null);
    }

    static Duration parseRetryAfter(String value) {
        String v = value.trim();
        try {
            long seconds = Long.parseLong(v);
            return seconds < 0 ? null : Duration.ofSeconds(seconds);
        } catch (NumberFormatException notSeconds) {
            try {
                java.time.ZonedDateTime at = java.time.ZonedDateTime.parse(v,
                        java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration until = Duration.between(java.time.Instant.now(), at.toInstant());
                return until.isNegative() ? Duration.ZERO : until;
            } catch (java.time.format.DateTimeParseException notADate) {
                return null;
            }
        }
    }

    private String connectionMessage(String operation, IOException e, int retries) {
        String what = e instanceof java.net.http.HttpTimeoutException ? "timed out" : "failed";
        return "The connection to TokenGate at " + base + " " + what + " (" + operation + ", "
                + e.getClass().getSimpleName() + ") after " + retries + (retries == 1 ? " retry" : " retries")
                + ". Check the base URL and the network; a POST may have been processed, so retry it with the "
                + "same idempotency key (RequestOptions) to get its answer without doing it twice.";
    }

    private static String queryString(Map<String, ?> query) {
        if (query == null || query.isEmpty()) {
            return "";
        }
        StringJoiner joiner = new StringJoiner("&", "?", "");
        query.forEach((name, value) -> {
            if (value != null) {
                joiner.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(String.valueOf(value), StandardCharsets.UTF_8));
            }
        });
        return joiner.length() == 1 ? "" : joiner.toString();
    }
}
