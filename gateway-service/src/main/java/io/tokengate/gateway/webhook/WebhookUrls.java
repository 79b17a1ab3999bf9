package io.tokengate.gateway.webhook;

import io.tokengate.gateway.merchant.ReturnOrigins;
import io.tokengate.gateway.web.ApiException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where webhooks may go. The gateway posts to URLs a merchant chose, from inside the payment
 * network, so every URL is a server-side request forgery (SSRF) risk: https only (plain http only
 * for localhost in development), no credentials in the URL, and never an address that is not on
 * the public internet: loopback (except the development localhost), private (RFC 1918, unique
 * local), link-local (cloud metadata services live at 169.254.169.254), carrier-grade NAT,
 * multicast, reserved. IP literals are checked at registration; host names are resolved and
 * checked again before every delivery, since DNS can change after registration.
 */
final class WebhookUrls {

    static final int MAX_LENGTH = 2048;
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private WebhookUrls() {
    }

    /** The URL with scheme and host lower-cased, or {@code parameter_invalid} (param {@code url}). */
    static String normalise(String url, boolean allowLocalhost) {
        if (url == null || url.isBlank()) {
            throw ApiException.missing("url");
        }
        if (url.length() > MAX_LENGTH) {
            throw ApiException.invalid("url", "The url may be at most " + MAX_LENGTH + " characters.");
        }
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw ApiException.invalid("url", "The url is not a valid URL.");
        }
        if (uri.getScheme() == null || uri.getHost() == null || uri.getRawUserInfo() != null
                || uri.getRawFragment() != null) {
            throw ApiException.invalid("url", "The url must be an absolute https URL such as "
                    + "https://shop.example/webhooks, without credentials or fragment.");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        boolean local = ReturnOrigins.isLocalHost(host);
        if (local && !allowLocalhost) {
            throw ApiException.invalid("url", "Webhook URLs on localhost are not accepted by this gateway.");
        }
        if (!"https".equals(scheme) && !("http".equals(scheme) && local)) {
            throw ApiException.invalid("url", "Webhook URLs must use https (plain http only for localhost in "
                    + "development).");
        }
        if (!local && isIpLiteral(host) && !isPublic(literal(host))) {
            throw ApiException.invalid("url", "Webhook URLs must point to a public internet address.");
        }
        String rest = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return scheme + "://" + host + (uri.getPort() == -1 ? "" : ":" + uri.getPort()) + rest
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }

    /**
     * Checked before each delivery: the reason the destination is refused, or null when it may be
     * posted to. Resolves the host (a literal resolves to itself).
     */
    static String refusal(URI uri, boolean allowLocalhost) {
        String host = uri.getHost();
        if (ReturnOrigins.isLocalHost(host)) {
            return allowLocalhost ? null : "address_not_allowed";
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                if (!isPublic(address)) {
                    return "address_not_allowed";
                }
            }
            return null;
        } catch (UnknownHostException e) {
            return "dns_failure";
        }
    }

    /** Whether an address is routable on the public internet. */
    static boolean isPublic(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        byte[] b = address.getAddress();
        if (b.length == 4) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first != 0 && first < 224                      // this network; multicast and reserved
                    && !(first == 100 && second >= 64 && second < 128) // carrier-grade NAT
                    && !(first == 192 && second == 0 && (b[2] & 0xff) == 0)
                    && !(first == 198 && (second == 18 || second == 19));
        }
        if ((b[0] & 0xfe) == 0xfc) {                              // unique local fc00::/7
            return false;
        }
        boolean nat64 = b[0] == 0 && b[1] == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b;
        boolean mapped = isZero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
        if (nat64 || mapped || isZero(b, 0, 12)) {                // an IPv4 address in disguise
            try {
                return isPublic(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
            } catch (UnknownHostException e) {
                return false;
            }
        }
        return true;
    }

    private static boolean isZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isIpLiteral(String host) {
        return host.startsWith("[") || IPV4.matcher(host).matches();
    }

    private static InetAddress literal(String host) {
        try {
            // A literal is parsed, never looked up.
            return InetAddress.getByName(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        } catch (UnknownHostException e) {
            throw ApiException.invalid("url", "The url's host is not a valid IP address.");
        }
    }
}
