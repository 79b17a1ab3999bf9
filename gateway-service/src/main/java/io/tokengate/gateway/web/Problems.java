package io.tokengate.gateway.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds RFC 9457 problem documents with the gateway's extensions ({@code code}, {@code param},
 * {@code request_id}); used by the controller advice and by filters that answer before MVC.
 */
@Component
public final class Problems {

    public static final MediaType PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON;
    private static final String TYPE_BASE = "https://docs.tokengate.io/errors#";

    private final JsonMapper json;

    public Problems(JsonMapper json) {
        this.json = json;
    }

    public Map<String, Object> body(ErrorCode code, String detail, String param, Map<String, Object> extensions,
                                    HttpServletRequest request) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", TYPE_BASE + code.code());
        body.put("title", code.title());
        body.put("status", code.status().value());
        body.put("detail", detail == null ? code.title() : detail);
        body.put("code", code.code());
        if (param != null) {
            body.put("param", param);
        }
        extensions.forEach(body::putIfAbsent);
        String requestId = request == null ? null : RequestIdFilter.currentId(request);
        if (requestId != null) {
            body.put("request_id", requestId);
        }
        return body;
    }

    public ResponseEntity<Map<String, Object>> entity(ApiException e, HttpServletRequest request) {
        return entity(e.code(), e.getMessage(), e.param(), e.extensions(), request);
    }

    public ResponseEntity<Map<String, Object>> entity(ErrorCode code, String detail, String param,
                                                      Map<String, Object> extensions, HttpServletRequest request) {
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(code.status()).contentType(PROBLEM_JSON)
                .header(HttpHeaders.CACHE_CONTROL, "no-store");
        if (code == ErrorCode.SERVICE_UNAVAILABLE || code == ErrorCode.RATE_LIMITED) {
            builder.header(HttpHeaders.RETRY_AFTER, "1");
        }
        return builder.body(body(code, detail, param, extensions, request));
    }

    /** Writes a problem straight to the servlet response (filters, security entry points). */
    public void write(HttpServletResponse response, HttpServletRequest request, ErrorCode code, String detail)
            throws IOException {
        write(response, request, code, detail, null);
    }

    public void write(HttpServletResponse response, HttpServletRequest request, ErrorCode code, String detail,
                      String param) throws IOException {
        write(response, request, code, detail, param, Map.of());
    }

    public void write(HttpServletResponse response, HttpServletRequest request, ErrorCode code, String detail,
                      String param, Map<String, Object> extensions) throws IOException {
        write(response, request, code, detail, param, extensions, code == ErrorCode.SERVICE_UNAVAILABLE
                || code == ErrorCode.RATE_LIMITED ? "1" : null);
    }

    /** A 429 {@code rate_limited} whose {@code Retry-After} says when the limit lifts (whole seconds, at least 1). */
    public void writeRateLimited(HttpServletResponse response, HttpServletRequest request, String detail,
                                 java.time.Duration retryAfter) throws IOException {
        long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        write(response, request, ErrorCode.RATE_LIMITED, detail, null, Map.of(), Long.toString(seconds));
    }

    private void write(HttpServletResponse response, HttpServletRequest request, ErrorCode code, String detail,
                       String param, Map<String, Object> extensions, String retryAfter) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(code.status().value());
        response.setContentType(PROBLEM_JSON.toString());
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        if (retryAfter != null) {
            response.setHeader(HttpHeaders.RETRY_AFTER, retryAfter);
        }
        response.getOutputStream().write(json.writeValueAsBytes(body(code, detail, param, extensions, request)));
        response.flushBuffer();
    }
}
