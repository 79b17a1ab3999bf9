package io.tokengate.gateway.webhook;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real HTTP endpoint on 127.0.0.1 that records every webhook request it receives and answers
 * with a status chosen per event and attempt ({@link #answer}), so tests can script failures.
 */
final class WebhookReceiver implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Decides the HTTP status for the n-th request (1-based) carrying an event id. */
    interface Script {
        int status(String eventId, int attempt);
    }

    /** One request as received, with the status it was answered. */
    record Received(String eventId, String signature, String userAgent, String contentType, byte[] body,
                    Instant at, int answered) {

        JsonNode json() {
            return JSON.readTree(body);
        }

        String type() {
            return json().get("type").asString();
        }
    }

    private final HttpServer server;
    private final List<Received> received = new ArrayList<>();
    private final ConcurrentHashMap<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private volatile Script script = (event, attempt) -> 200;

    WebhookReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String eventId = exchange.getRequestHeaders().getFirst("TokenGate-Event-Id");
            int attempt = attempts.computeIfAbsent(String.valueOf(eventId), k -> new AtomicInteger()).incrementAndGet();
            int status = script.status(eventId, attempt);
            synchronized (received) {
                received.add(new Received(eventId, exchange.getRequestHeaders().getFirst("TokenGate-Signature"),
                        exchange.getRequestHeaders().getFirst("User-Agent"),
                        exchange.getRequestHeaders().getFirst("Content-Type"), body, Instant.now(), status));
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    WebhookReceiver answer(Script script) {
        this.script = script;
        return this;
    }

    /** http://127.0.0.1:port/path (plain http is accepted for localhost in development). */
    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    List<Received> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** The requests answered 2xx, in arrival order. */
    List<Received> delivered() {
        return received().stream().filter(r -> r.answered() >= 200 && r.answered() < 300).toList();
    }

    /** Waits until {@code condition} holds, failing after {@code timeout}. */
    static void await(Duration timeout, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
