package io.tokengate.gateway.leak;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A shopper's browser without scripts over real HTTP: keeps the CSRF cookie, never follows redirects,
 * posts forms with the hidden CSRF field of the last page, and hands every answer to {@link Traffic}.
 */
final class Shopper {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

    private final HttpClient client;
    private final String base;
    private final Traffic traffic;
    private String csrf;

    /**
     * A browser connecting from {@code loopback} (any 127.0.0.0/8 address), so the per-address
     * checkout limit it counts toward is its own.
     */
    Shopper(int port, String loopback, Traffic traffic) {
        this.base = "http://127.0.0.1:" + port;
        this.traffic = traffic;
        try {
            this.client = HttpClient.newBuilder().cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                    .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5))
                    .localAddress(java.net.InetAddress.getByName(loopback)).build();
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(loopback, e);
        }
    }

    HttpResponse<String> get(String pathOrUrl) {
        return send(HttpRequest.newBuilder(uri(pathOrUrl)).GET());
    }

    HttpResponse<String> post(String pathOrUrl, Map<String, String> fields) {
        Map<String, String> all = new LinkedHashMap<>(fields);
        all.put("_csrf", csrf);
        String form = all.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(uri(pathOrUrl)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    static Map<String, String> card(String number, String cvc) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("card_number", number);
        fields.put("exp_month", "12");
        fields.put("exp_year", "2034");
        fields.put("cvc", cvc);
        fields.put("cardholder_name", "Ada Lovelace");
        return fields;
    }

    private URI uri(String pathOrUrl) {
        return URI.create(pathOrUrl.startsWith("http") ? pathOrUrl : base + pathOrUrl);
    }

    private HttpResponse<String> send(HttpRequest.Builder builder) {
        try {
            HttpResponse<String> response = client.send(builder.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            traffic.response(response);
            Matcher m = CSRF.matcher(response.body() == null ? "" : response.body());
            if (m.find()) {
                csrf = m.group(1);
            }
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
