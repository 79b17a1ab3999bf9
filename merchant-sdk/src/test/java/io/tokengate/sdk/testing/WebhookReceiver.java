package io.tokengate.sdk.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A real local HTTP endpoint that takes webhook deliveries and keeps their raw body and signature. */
public final class WebhookReceiver implements AutoCloseable {

    /** One delivery as received. */
    public record Delivery(String body, String signature, String eventId) {
    }

    private final HttpServer server;
    private final BlockingQueue<Delivery> deliveries = new LinkedBlockingQueue<>();

    public WebhookReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            deliveries.add(new Delivery(body, exchange.getRequestHeaders().getFirst("TokenGate-Signature"),
                    exchange.getRequestHeaders().getFirst("TokenGate-Event-Id")));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
    }

    /** http://localhost:port/webhooks (the gateway accepts localhost endpoints in development). */
    public String url() {
        return "http://localhost:" + server.getAddress().getPort() + "/webhooks";
    }

    /** The next delivery, waiting up to {@code timeout}. */
    public Delivery next(Duration timeout) {
        try {
            Delivery d = deliveries.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (d == null) {
                throw new AssertionError("no webhook delivery within " + timeout);
            }
            return d;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
