package io.tokengate.gateway.checkout;

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
 * A scriptless stand-in for a shopper's browser over real HTTP: keeps cookies (the CSRF cookie),
 * never follows redirects (tests look at each 303), and posts forms with the hidden CSRF field of
 * the last page it loaded that had one, the way a browser submits the form it shows.
 */
final class CheckoutBrowser {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

    private final HttpClient client;
    private String base;
    private String csrf;

    CheckoutBrowser(String base) {
        this.base = base;
        this.client = HttpClient.newBuilder().cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Points the same browser (same cookies) at another gateway instance: both are localhost. */
    CheckoutBrowser at(String newBase) {
        this.base = newBase;
        return this;
    }

    HttpResponse<String> get(String pathOrUrl) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri(pathOrUrl)).GET());
        remember(response.body());
        return response;
    }

    /** Posts the form fields plus the CSRF field of the last page loaded. */
    HttpResponse<String> post(String path, Map<String, String> fields) {
        Map<String, String> all = new LinkedHashMap<>(fields);
        String csrf = csrf();
        if (csrf != null) {
            all.put("_csrf", csrf);
        }
        return postRaw(path, all);
    }

    /** Posts exactly these fields (no CSRF field added). */
    HttpResponse<String> postRaw(String path, Map<String, String> fields) {
        String form = fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
        remember(response.body());
        return response;
    }

    /** The CSRF field of the last page that had a form (a re-submitted old form carries it too). */
    String csrf() {
        return csrf;
    }

    private void remember(String page) {
        Matcher m = CSRF.matcher(page == null ? "" : page);
        if (m.find()) {
            csrf = m.group(1);
        }
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
            return client.send(builder.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
