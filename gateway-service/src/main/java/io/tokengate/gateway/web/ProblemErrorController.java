package io.tokengate.gateway.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * {@code /error}, where the servlet container sends what no controller answered: requests the
 * security firewall rejected ({@code ../}, {@code ;}, {@code //} in the path), methods such as
 * TRACE, a {@code sendError} from a filter. Replaces Spring Boot's JSON error document
 * ({@code timestamp}, {@code path}, ...) with the gateway's problem+json, or with the HTML page of
 * the feature that owns the path (the hosted checkout), so every answer has a stable code.
 */
@Controller
final class ProblemErrorController implements ErrorController {

    private final Problems problems;
    private final List<ErrorPages> pages;

    ProblemErrorController(Problems problems, List<ErrorPages> pages) {
        this.problems = problems;
        this.pages = pages;
    }

    @RequestMapping("/error")
    void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int code = status instanceof Integer i ? i : 500;
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String path = uri == null ? "" : uri.toString();
        for (ErrorPages feature : pages) {
            if (feature.handles(path)) {
                feature.render(request, response, code);
                return;
            }
        }
        problems.write(response, request, forStatus(code), null);
    }

    /** The catalogue code for a status the container chose. */
    static ErrorCode forStatus(int status) {
        return switch (status) {
            case 401 -> ErrorCode.AUTHENTICATION_REQUIRED;
            case 403 -> ErrorCode.FORBIDDEN;
            case 404 -> ErrorCode.NOT_FOUND;
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
            case 406 -> ErrorCode.NOT_ACCEPTABLE;
            case 413 -> ErrorCode.BODY_TOO_LARGE;
            case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
            case 429 -> ErrorCode.RATE_LIMITED;
            case 503 -> ErrorCode.SERVICE_UNAVAILABLE;
            default -> status >= 500 ? ErrorCode.INTERNAL_ERROR : ErrorCode.REQUEST_INVALID;
        };
    }
}
