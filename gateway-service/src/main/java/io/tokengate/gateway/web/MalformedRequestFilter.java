package io.tokengate.gateway.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses requests whose shape is wrong before security or any controller looks at them:
 * <ul>
 * <li>a header the gateway reads once, given twice: the servlet API hands out the first of two
 * {@code Authorization} or {@code Idempotency-Key} headers while a proxy in front may have looked
 * at the second; two readers disagreeing about a credential or a key is how request smuggling and
 * idempotency bypasses start, so neither value is trusted (400 {@code request_invalid});</li>
 * <li>a {@code Content-Type} that is not one media type ({@code *}{@code /*}, garbage): 415;</li>
 * <li>query or form parameters that do not decode ({@code %zz}, invalid UTF-8), or that hold NUL
 * or an unpaired surrogate, which no PostgreSQL text column or UTF-8 encoder can carry: 400
 * {@code request_invalid} instead of a 500 from deep inside a query.</li>
 * </ul>
 * Checkout paths get the checkout's HTML page for the same refusal.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
final class MalformedRequestFilter extends OncePerRequestFilter {

    private static final List<String> SINGLE = List.of("Authorization", "Idempotency-Key", "Content-Type",
            "Content-Length", "Host", "Transfer-Encoding");

    private final Problems problems;
    private final List<ErrorPages> pages;

    MalformedRequestFilter(Problems problems, List<ErrorPages> pages) {
        this.problems = problems;
        this.pages = pages;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        for (String name : SINGLE) {
            Enumeration<String> values = request.getHeaders(name);
            if (values != null && values.hasMoreElements()) {
                values.nextElement();
                if (values.hasMoreElements()) {
                    refuse(request, response, ErrorCode.REQUEST_INVALID, "The header '" + name + "' may appear only once.",
                            name);
                    return;
                }
            }
        }
        String contentType = request.getContentType();
        if (contentType != null && !wellFormed(contentType)) {
            refuse(request, response, ErrorCode.UNSUPPORTED_MEDIA_TYPE, "The Content-Type is not one concrete media "
                    + "type; send application/json.", "Content-Type");
            return;
        }
        String parameters = parameterProblem(request);
        if (parameters != null) {
            refuse(request, response, ErrorCode.REQUEST_INVALID, parameters, null);
            return;
        }
        chain.doFilter(request, response);
    }

    private static boolean wellFormed(String contentType) {
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return !type.isWildcardType() && !type.isWildcardSubtype();
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }

    /** Why the query (or form) parameters cannot be used, or null when they can. */
    private static String parameterProblem(HttpServletRequest request) {
        Map<String, String[]> parameters;
        try {
            parameters = request.getParameterMap();
        } catch (InvalidParameterException e) {
            return "The query or form parameters are not valid percent-encoded UTF-8.";
        }
        for (Map.Entry<String, String[]> p : parameters.entrySet()) {
            if (!Text.storable(p.getKey())) {
                return "A parameter name holds NUL or an unpaired surrogate.";
            }
            for (String value : p.getValue()) {
                if (!Text.storable(value)) {
                    return "The parameter '" + Text.printable(p.getKey()) + "' holds NUL or an unpaired surrogate.";
                }
            }
        }
        return null;
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, ErrorCode code, String detail,
                        String param) throws IOException {
        for (ErrorPages feature : pages) {
            if (feature.handles(request.getRequestURI())) {
                feature.render(request, response, code.status().value());
                return;
            }
        }
        problems.write(response, request, code, detail, param);
    }
}
