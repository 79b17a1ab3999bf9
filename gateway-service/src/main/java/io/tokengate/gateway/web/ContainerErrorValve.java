package io.tokengate.gateway.web;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

/**
 * Tomcat's answer for requests it cannot hand to the application at all: a malformed request line,
 * invalid bytes or an encoded slash or NUL in the path, a header section over the limit. Instead of
 * Tomcat's HTML report, API clients get the gateway's problem+json ({@code request_invalid} for a
 * 400) and checkout paths a bare HTML page. Nothing of the request is echoed; no server version.
 * Tomcat's 501 (unknown method) and 505 (unknown HTTP version) become 400: the client is at fault.
 */
final class ContainerErrorValve extends ErrorReportValve {

    ContainerErrorValve() {
        setShowReport(false);
        setShowServerInfo(false);
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        if (status == 501 || status == 505) {
            // An unknown method or HTTP version is the client's fault: a 5xx would page whoever watches the
            // gateway's error rate for every scanner on the internet.
            status = 400;
            response.setStatus(status);
        }
        String uri = request.getRequestURI();
        boolean page = uri != null && uri.startsWith("/checkout/");
        try {
            response.setCharacterEncoding("UTF-8");
            response.setHeader("Cache-Control", "no-store");
            if (page) {
                response.setContentType("text/html;charset=UTF-8");
                response.setHeader("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
            } else {
                response.setContentType(Problems.PROBLEM_JSON.toString());
            }
            Writer writer = response.getReporter();
            if (writer == null) {
                return;
            }
            writer.write(page ? html() : problem(ProblemErrorController.forStatus(status)));
            response.finishResponse();
        } catch (IOException | IllegalStateException e) {
            // The connection is gone or the response is committed: nothing more can be said.
        }
    }

    private static String problem(ErrorCode code) {
        // Built by hand: the valve runs outside the application, and every value here is a constant.
        return "{\"type\":\"https://docs.tokengate.io/errors#" + code.code() + "\",\"title\":\"" + code.title()
                + "\",\"status\":" + code.status().value() + ",\"detail\":\"" + code.title() + "\",\"code\":\""
                + code.code() + "\"}";
    }

    private static String html() {
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Request not understood</title>"
                + "</head><body><h1>Request not understood</h1><p>This link is not valid. Go back to the shop and "
                + "start the payment again.</p></body></html>";
    }
}
