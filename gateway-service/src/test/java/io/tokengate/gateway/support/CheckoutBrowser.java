package io.tokengate.gateway.support;

import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A scriptless stand-in for a shopper's browser over real HTTP: keeps cookies (the CSRF cookie),
 * never follows redirects (tests look at each 303), and posts forms with the hidden CSRF field of
 * the last page it loaded that had one, the way a browser submits the form it shows.
 */
public final class CheckoutBrowser {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

    private final HttpClient client;
    private final Consumer<HttpResponse<String>> observer;
    private String base;
    private String csrf;

    public CheckoutBrowser(String base) {
        this(base, HttpClient.newBuilder(), response -> { });
    }

    /**
     * A browser connecting from {@code loopback} (any 127.0.0.0/8 address), so the per-address
     * checkout limits it counts toward are its own, that shows every answer to {@code observer}.
     */
    public CheckoutBrowser(String base, String loopback, Consumer<HttpResponse<String>> observer) {
        this(base, HttpClient.newBuilder().localAddress(address(loopback)), observer);
    }

    private CheckoutBrowser(String base, HttpClient.Builder client, Consumer<HttpResponse<String>> observer) {
        this.base = base;
        this.observer = observer;
        this.client = client.cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static InetAddress address(String loopback) {
        try {
            return InetAddress.getByName(loopback);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(loopback, e);
        }
    }

    /** Points the same browser (same cookies) at another gateway instance: both are localhost. */
    public CheckoutBrowser at(String newBase) {
        this.base = newBase;
        return this;
    }

    public HttpResponse<String> get(String pathOrUrl) {
        return send(HttpRequest.newBuilder(uri(pathOrUrl)).GET());
    }

    /** Posts the form fields plus the CSRF field of the last page loaded. */
    public HttpResponse<String> post(String path, Map<String, String> fields) {
        Map<String, String> all = new LinkedHashMap<>(fields);
        String csrf = csrf();
        if (csrf != null) {
            all.put("_csrf", csrf);
        }
        return postRaw(path, all);
    }

    /** Posts exactly these fields (no CSRF field added). */
    public HttpResponse<String> postRaw(String path, Map<String, String> fields) {
        String form = fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    /**
     * Posts the body exactly as given, as ISO-8859-1 (one byte per character, so a test can send any
     * byte), with no CSRF field added.
     */
    public HttpResponse<String> postBody(String path, String contentType, String body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.ISO_8859_1)));
    }

    /** The CSRF field of the last page that had a form (a re-submitted old form carries it too). */
    public String csrf() {
        return csrf;
    }

    public static Map<String, String> card(String number, String cvc) {
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

    /** Every answer is observed, and a page with a form leaves its CSRF field for the next post. */
    private HttpResponse<String> send(HttpRequest.Builder builder) {
        HttpResponse<String> response = HttpTestClient.sendText(client, builder.timeout(Duration.ofSeconds(30)).build());
        observer.accept(response);
        Matcher m = CSRF.matcher(response.body() == null ? "" : response.body());
        if (m.find()) {
            csrf = m.group(1);
        }
        return response;
    }
}
