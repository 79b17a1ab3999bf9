package io.tokengate.gateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** A thin JDK HttpClient wrapper: tests speak real HTTP to the running gateway. */
public final class HttpTestClient {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    /** Whether every exchange is checked against the OpenAPI contract. */
    public static final boolean ENFORCE_CONTRACT = Boolean.parseBoolean(
            System.getProperty("tokengate.contract.enforce", "true"));

    // Tests that audit everything the gateway answers (the leak scan) listen here; empty otherwise.
    private static final java.util.List<java.util.function.Consumer<HttpResponse<String>>> LISTENERS =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    private final String baseUrl;
    private final HttpClient client;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private boolean enforceContract = ENFORCE_CONTRACT;

    public HttpTestClient(String baseUrl) {
        this.baseUrl = baseUrl;
        this.client = CLIENT;
    }

    private HttpTestClient(String baseUrl, HttpClient client, Map<String, String> headers) {
        this.baseUrl = baseUrl;
        this.client = client;
        this.headers.putAll(headers);
    }

    /**
     * A copy (same address, same headers) whose exchanges are not checked against the contract: for
     * deliberately malformed traffic (hostile input tests), whose answers those tests check themselves.
     */
    public HttpTestClient withoutContract() {
        HttpTestClient copy = new HttpTestClient(baseUrl, client, headers);
        copy.enforceContract = false;
        return copy;
    }

    /**
     * A client whose connections leave from {@code localAddress} (any 127.0.0.0/8 address reaches
     * this host), so the gateway sees that address as the client's.
     */
    public HttpTestClient(String baseUrl, java.net.InetAddress localAddress) {
        this.baseUrl = baseUrl;
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).localAddress(localAddress).build();
    }

    /** Calls {@code listener} with every response any client receives until the returned handle is closed. */
    public static AutoCloseable onEveryResponse(java.util.function.Consumer<HttpResponse<String>> listener) {
        LISTENERS.add(listener);
        return () -> LISTENERS.remove(listener);
    }

    public HttpTestClient header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public HttpTestClient basic(String user, String password) {
        String encoded = java.util.Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return header("Authorization", "Basic " + encoded);
    }

    public HttpTestClient bearer(String secret) {
        return header("Authorization", "Bearer " + secret);
    }

    public HttpResponse<String> get(String path) {
        return send("GET", path, null, null);
    }

    public HttpResponse<String> delete(String path) {
        return send("DELETE", path, null, null);
    }

    public HttpResponse<String> post(String path, String json) {
        return send("POST", path, "application/json", json);
    }

    public HttpResponse<String> put(String path, String json) {
        return send("PUT", path, "application/json", json);
    }

    /**
     * Sends one request. Unless {@link #ENFORCE_CONTRACT} is off, the exchange is checked against
     * {@code api-spec/openapi.yaml} and a violation fails the calling test.
     */
    public HttpResponse<String> send(String method, String path, String contentType, String body) {
        HttpRequest.Builder b = builder(path);
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        HttpResponse<String> response = send(b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body)));
        if (enforceContract) {
            java.util.List<String> violations = OpenApiContract.get().check(method, path, contentType, body,
                    response.statusCode(), response.headers().firstValue("Content-Type").orElse(null), response.body());
            if (!violations.isEmpty()) {
                throw new AssertionError("Contract violation (api-spec/openapi.yaml):\n  " + String.join("\n  ", violations)
                        + "\nbody: " + response.body());
            }
        }
        return response;
    }

    /** Sends a body as exact bytes, never checked against the contract (see {@link #withoutContract()}). */
    public HttpResponse<String> sendBytes(String method, String path, String contentType, byte[] body) {
        HttpRequest.Builder b = builder(path);
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return send(b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    private HttpRequest.Builder builder(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30));
        headers.forEach(b::header);
        return b;
    }

    private HttpResponse<String> send(HttpRequest.Builder builder) {
        HttpResponse<String> response = sendText(client, builder.build());
        LISTENERS.forEach(listener -> listener.accept(response));
        return response;
    }

    /** Sends the request and reads the answer as text; I/O failures and interruption become unchecked. */
    public static HttpResponse<String> sendText(HttpClient client, HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
