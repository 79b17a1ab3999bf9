package io.tokengate.gateway.leak;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** A webhook endpoint on 127.0.0.1 that answers 200 and hands every request to {@link Traffic}. */
final class WebhookSink implements AutoCloseable {

    private final HttpServer server;
    private final List<String> types = new ArrayList<>();
    private final AtomicInteger received = new AtomicInteger();

    WebhookSink(Traffic traffic) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            traffic.webhook(exchange.getRequestURI().getPath(), exchange.getRequestHeaders(), body);
            synchronized (types) {
                int at = body.indexOf("\"type\":\"");
                types.add(at < 0 ? "?" : body.substring(at + 8, body.indexOf('"', at + 8)));
            }
            received.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
    }

    List<String> types() {
        synchronized (types) {
            return List.copyOf(types);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
