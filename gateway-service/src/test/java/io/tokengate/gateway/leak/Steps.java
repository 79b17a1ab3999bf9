package io.tokengate.gateway.leak;

import static io.tokengate.gateway.support.OpsFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import tools.jackson.databind.JsonNode;

/** Small steps of the leak-scan flow: status checks, redirects, waiting. */
final class Steps {

    private Steps() {
    }

    static JsonNode created(HttpResponse<String> response) {
        return created(response, 201);
    }

    static JsonNode created(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return json(response);
    }

    static String page(JsonNode session) {
        return "/checkout/" + session.get("id").asString();
    }

    static String location(HttpResponse<String> response) {
        return response.headers().firstValue("Location").orElseThrow();
    }

    static String query(String url, String name) {
        for (String pair : URI.create(url).getRawQuery().split("&")) {
            if (pair.startsWith(name + "=")) {
                return URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError("no " + name + " in " + url);
    }

    static void await(String what, Duration timeout, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime()).as("timed out waiting for %s", what).isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}
