package io.tokengate.gateway.checkout;

import io.tokengate.gateway.merchant.Merchant;
import io.tokengate.gateway.merchant.ReturnOrigins;
import io.tokengate.gateway.web.ApiException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The merchant's success and cancel URLs: absolute, https (plain http only on localhost, for
 * development), without credentials or fragment, and on one of the merchant's registered return
 * origins, so a checkout can never be made to send a shopper (and a one-time code) elsewhere.
 */
final class ReturnUrls {

    static final int MAX_LENGTH = 2048;

    private ReturnUrls() {
    }

    /** Checks a return URL for the merchant and returns it unchanged. */
    static String validate(String url, String param, Merchant merchant) {
        if (url == null || url.isBlank()) {
            throw ApiException.missing(param);
        }
        if (url.length() > MAX_LENGTH) {
            throw ApiException.invalid(param, param + " may be at most " + MAX_LENGTH + " characters.");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw ApiException.invalid(param, param + " is not a valid URL; percent-encode special characters.");
        }
        String origin = uri.isOpaque() ? null : ReturnOrigins.originOf(uri);
        if (origin == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            throw ApiException.invalid(param, param + " must be an absolute http(s) URL without credentials or "
                    + "fragment, e.g. https://shop.example/checkout/done.");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!"https".equals(scheme) && !("http".equals(scheme) && ReturnOrigins.isLocalHost(uri.getHost()))) {
            throw ApiException.invalid(param, param + " must use https (plain http only for localhost).");
        }
        if (!merchant.returnOrigins().contains(origin)) {
            throw ApiException.invalid(param, "The origin " + origin + " of " + param
                    + " is not among the merchant's return origins; ask the gateway operator to register it.");
        }
        return url;
    }

    /** The origins the hosted pages may send the browser to (for the form-action policy). */
    static Set<String> originsOf(CheckoutSession session) {
        Set<String> origins = new LinkedHashSet<>();
        for (String url : new String[] {session.successUrl(), session.cancelUrl()}) {
            String origin = ReturnOrigins.originOf(URI.create(url));
            if (origin != null) {
                origins.add(origin);
            }
        }
        return origins;
    }

    /** The URL with extra query parameters (URL-safe values only: ids and codes). */
    static String withQuery(String url, Map<String, String> params) {
        UriComponentsBuilder builder = UriComponentsBuilder.fromUri(URI.create(url));
        params.forEach(builder::queryParam);
        return builder.build(true).toUriString();
    }
}
