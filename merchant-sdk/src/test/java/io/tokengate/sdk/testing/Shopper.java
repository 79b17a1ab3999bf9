package io.tokengate.sdk.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLDecoder;
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
 * A scriptless stand-in for a shopper's browser over real HTTP: keeps cookies (the hosted page's
 * CSRF cookie, a shop's own), never follows redirects by itself, and submits forms with the hidden
 * {@code _csrf} field of the last page it loaded, the way a browser submits the form it shows.
 */
public final class Shopper {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

    private final HttpClient client = HttpClient.newBuilder()
            .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    private String csrf;

    public HttpResponse<String> get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    /** Posts a form with these fields, plus the CSRF field of the last page loaded when it had one. */
    public HttpResponse<String> post(String url, Map<String, String> fields) {
        Map<String, String> all = new LinkedHashMap<>(fields);
        if (csrf != null) {
            all.putIfAbsent("_csrf", csrf);
        }
        String form = all.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    /**
     * On a hosted checkout page: loads it, submits the card (expiry 12/2034, CVC 123) and returns
     * the redirect the gateway answers with (the success URL with {@code session_id} and
     * {@code code}, or the challenge page for a card that asks for one).
     */
    public String payOnHostedPage(String pageUrl, String cardNumber) {
        expectStatus(200, get(pageUrl));
        Map<String, String> card = new LinkedHashMap<>();
        card.put("card_number", cardNumber);
        card.put("exp_month", "12");
        card.put("exp_year", "2034");
        card.put("cvc", "123");
        card.put("cardholder_name", "Ada Lovelace");
        return location(expectStatus(303, post(pageUrl, card)));
    }

    public static String location(HttpResponse<String> response) {
        return response.headers().firstValue("Location").map(l -> response.uri().resolve(l).toString())
                .orElseThrow(() -> new AssertionError("no Location header; HTTP " + response.statusCode() + "\n"
                        + response.body()));
    }

    /** The decoded query parameters of a URL. */
    public static Map<String, String> query(String url) {
        Map<String, String> params = new LinkedHashMap<>();
        String raw = URI.create(url).getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return params;
    }

    public static HttpResponse<String> expectStatus(int status, HttpResponse<String> response) {
        if (response.statusCode() != status) {
            throw new AssertionError("expected HTTP " + status + " from " + response.uri() + " but got "
                    + response.statusCode() + ":\n" + response.body());
        }
        return response;
    }

    private HttpResponse<String> send(HttpRequest.Builder builder) {
        try {
            HttpResponse<String> response = client.send(builder.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
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
