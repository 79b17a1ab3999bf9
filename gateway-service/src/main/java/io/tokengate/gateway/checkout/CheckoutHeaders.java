package io.tokengate.gateway.checkout;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Collection;
import org.springframework.security.web.header.HeaderWriter;

/**
 * The hosted pages' Content-Security-Policy and {@code Cache-Control: no-store}. Nothing may load
 * but the gateway's own style sheet and images; no script at all; no framing; forms post only to
 * the gateway and to the origins of the session's own success and cancel URLs (browsers apply
 * {@code form-action} to the redirect that follows a form post, so the merchant's origin has to be
 * allowed for the shopper to get back). The page handler names those origins in a request
 * attribute; headers are written when the response commits, after the handler has run.
 */
final class CheckoutHeaders implements HeaderWriter {

    /** Request attribute: the merchant origins the current page may send its forms on to. */
    static final String FORM_ORIGINS = CheckoutHeaders.class.getName() + ".formOrigins";

    private static final String BASE = "default-src 'none'; style-src 'self'; img-src 'self'; "
            + "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    @Override
    public void writeHeaders(HttpServletRequest request, HttpServletResponse response) {
        response.setHeader("Content-Security-Policy", policy(request.getAttribute(FORM_ORIGINS)));
        response.setHeader("Cache-Control", "no-store");
    }

    static String policy(Object origins) {
        StringBuilder policy = new StringBuilder(BASE);
        if (origins instanceof Collection<?> list) {
            for (Object origin : list) {
                String o = String.valueOf(origin);
                // Origins come from ReturnOrigins.originOf; this guard keeps a header injection impossible anyway.
                if (o.matches("https?://[A-Za-z0-9.\\-\\[\\]:]+")) {
                    policy.append(' ').append(o);
                }
            }
        }
        return policy.toString();
    }
}
