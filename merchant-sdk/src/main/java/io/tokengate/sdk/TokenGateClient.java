package io.tokengate.sdk;

import io.tokengate.sdk.internal.ApiRequestor;
import io.tokengate.sdk.internal.Backoff;
import io.tokengate.sdk.internal.Redact;
import io.tokengate.sdk.service.ChargeService;
import io.tokengate.sdk.service.CheckoutSessionService;
import io.tokengate.sdk.service.RefundService;
import io.tokengate.sdk.service.TokenMigrationService;
import io.tokengate.sdk.service.TokenService;
import io.tokengate.sdk.service.WebhookEndpointService;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;

/**
 * The TokenGate merchant API client: one per secret key, thread-safe, meant to be built once and
 * shared. Each resource has its service ({@link #charges()}, {@link #refunds()}, {@link #tokens()},
 * {@link #checkoutSessions()}, ...), whose methods block until the gateway answers and throw a
 * {@link io.tokengate.sdk.exception.TokenGateException} subclass when it refuses or cannot be reached.
 *
 * <pre>{@code
 * TokenGateClient client = TokenGateClient.builder()
 *         .baseUrl("https://pay.example")
 *         .secretKey(System.getenv("TOKENGATE_SECRET_KEY"))
 *         .build();
 * }</pre>
 *
 * <p>Guarantees: every POST carries an {@code Idempotency-Key} (generated unless given in
 * {@link RequestOptions}) that stays the same across its retries; only connection errors, 409
 * {@code idempotency_in_progress}, 429 and 5xx are retried, with exponential backoff and jitter,
 * honouring {@code Retry-After}; the secret key is sent only in the {@code Authorization} header,
 * never logged, and hidden by {@link #toString()}.
 */
public final class TokenGateClient implements AutoCloseable {

    /** The SDK's version, sent in the User-Agent. */
    public static final String VERSION = "0.1.0";

    private final URI baseUrl;
    private final String secretKey;
    private final HttpClient http;
    private final boolean ownsHttp;
    private final ChargeService charges;
    private final RefundService refunds;
    private final TokenService tokens;
    private final CheckoutSessionService checkoutSessions;
    private final WebhookEndpointService webhookEndpoints;
    private final TokenMigrationService tokenMigrations;

    private TokenGateClient(Builder builder) {
        this.baseUrl = builder.baseUrl;
        this.secretKey = builder.secretKey;
        this.ownsHttp = builder.httpClient == null;
        this.http = ownsHttp
                ? HttpClient.newBuilder().connectTimeout(builder.connectTimeout)
                        .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1).build()
                : builder.httpClient;
        ApiRequestor requestor = new ApiRequestor(new ApiRequestor.Config(baseUrl, secretKey, http,
                builder.requestTimeout, builder.maxRetries, builder.backoff,
                "tokengate-java/" + VERSION + " Java/" + Runtime.version().feature()));
        this.charges = new ChargeService(requestor);
        this.refunds = new RefundService(requestor);
        this.tokens = new TokenService(requestor);
        this.checkoutSessions = new CheckoutSessionService(requestor);
        this.webhookEndpoints = new WebhookEndpointService(requestor);
        this.tokenMigrations = new TokenMigrationService(requestor);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Charges on tokens: create, capture, void, get, list. */
    public ChargeService charges() {
        return charges;
    }

    /** Refunds of captured charges: create, get, list. */
    public RefundService refunds() {
        return refunds;
    }

    /** The merchant's tokens: get, list, revoke. */
    public TokenService tokens() {
        return tokens;
    }

    /** Hosted checkout: create a session, get it, complete it with the return code. */
    public CheckoutSessionService checkoutSessions() {
        return checkoutSessions;
    }

    /** After a containment: the old-to-new token mapping (get, list, pairs, mark done). */
    public TokenMigrationService tokenMigrations() {
        return tokenMigrations;
    }

    /** Webhook endpoints: create, get, list, disable, and their delivery logs. */
    public WebhookEndpointService webhookEndpoints() {
        return webhookEndpoints;
    }

    /** The gateway this client talks to. */
    public URI baseUrl() {
        return baseUrl;
    }

    /** Releases the HTTP client when the SDK created it (a client passed to the builder is left alone). */
    @Override
    public void close() {
        if (ownsHttp) {
            http.close();
        }
    }

    /** Shows the base URL and only the last four characters of the secret key. */
    @Override
    public String toString() {
        return "TokenGateClient{baseUrl=" + baseUrl + ", secretKey=" + Redact.secret(secretKey) + "}";
    }

    /** Builder of {@link TokenGateClient}; {@code baseUrl} and {@code secretKey} are required. */
    public static final class Builder {
        private URI baseUrl;
        private String secretKey;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofSeconds(30);
        private int maxRetries = 2;
        private Backoff backoff = Backoff.DEFAULT;
        private HttpClient httpClient;

        private Builder() {
        }

        /**
         * The gateway, e.g. {@code https://pay.example} (a path prefix is kept).
         *
         * @throws IllegalArgumentException if it is not an absolute http(s) URL
         */
        public Builder baseUrl(String baseUrl) {
            URI uri;
            try {
                uri = URI.create(Objects.requireNonNull(baseUrl, "baseUrl").strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("baseUrl is not a URL; give the gateway's address, e.g. "
                        + "https://pay.example", e);
            }
            if (uri.getHost() == null || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
                    || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw new IllegalArgumentException("baseUrl must be an absolute http(s) URL without query, e.g. "
                        + "https://pay.example");
            }
            this.baseUrl = uri;
            return this;
        }

        /**
         * The merchant's secret key ({@code sk_...}), issued by TokenGate ops. Keep it out of source
         * code and logs; read it from the environment or a secrets store.
         */
        public Builder secretKey(String secretKey) {
            this.secretKey = secretKey;
            return this;
        }

        /** How long establishing a connection may take (default 10 s). */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = positive(connectTimeout, "connectTimeout");
            return this;
        }

        /** How long one attempt may take, overridable per call in {@link RequestOptions} (default 30 s). */
        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = positive(requestTimeout, "requestTimeout");
            return this;
        }

        /** Retries after retryable failures, overridable per call (default 2; 0 disables them). */
        public Builder maxRetries(int maxRetries) {
            if (maxRetries < 0) {
                throw new IllegalArgumentException("maxRetries must be 0 or more.");
            }
            this.maxRetries = maxRetries;
            return this;
        }

        /**
         * The backoff of the retries: retry n waits between half and all of
         * {@code min(initial * 2^n, max)} (default 500 ms and 8 s), or the gateway's {@code Retry-After}
         * when longer.
         */
        public Builder retryDelays(Duration initial, Duration max) {
            this.backoff = new Backoff(Objects.requireNonNull(initial, "initial"), Objects.requireNonNull(max, "max"));
            return this;
        }

        /**
         * Uses this HTTP client (proxy, TLS settings, executor) instead of creating one; the
         * {@link #connectTimeout(Duration)} is then the client's own, and {@link TokenGateClient#close()}
         * leaves it open.
         */
        public Builder httpClient(HttpClient httpClient) {
            this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
            return this;
        }

        /** @throws IllegalArgumentException when the base URL or the secret key is missing */
        public TokenGateClient build() {
            if (baseUrl == null) {
                throw new IllegalArgumentException("baseUrl is required: the gateway's address, e.g. https://pay.example");
            }
            if (secretKey == null || secretKey.isBlank()) {
                throw new IllegalArgumentException("secretKey is required: the merchant's secret key (sk_...), "
                        + "e.g. from the TOKENGATE_SECRET_KEY environment variable.");
            }
            if (secretKey.chars().anyMatch(c -> c <= 0x20 || c >= 0x7f)) {
                throw new IllegalArgumentException("secretKey contains whitespace or non-ASCII characters; "
                        + "copy the key exactly as issued.");
            }
            return new TokenGateClient(this);
        }

        private static Duration positive(Duration d, String name) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive.");
            }
            return d;
        }
    }
}
