package io.tokengate.gateway.checkout;

import io.tokengate.gateway.web.ErrorPages;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.stereotype.Component;

/**
 * The shopper's page for a checkout request refused before the checkout controller ran (a path the
 * security firewall rejects, a repeated header, a method no page takes): the same plain page as
 * the checkout's own messages, never problem+json.
 */
@Component
final class CheckoutErrorPages implements ErrorPages {

    private final CheckoutPages pages;

    CheckoutErrorPages(CheckoutPages pages) {
        this.pages = pages;
    }

    @Override
    public boolean handles(String path) {
        return path != null && (path.startsWith(Pages.BASE) || path.equals("/checkout"));
    }

    @Override
    public void render(HttpServletRequest request, HttpServletResponse response, int status) throws IOException {
        PageKind kind = switch (status) {
            case 404 -> PageKind.NOT_FOUND;
            case 413 -> PageKind.TOO_LARGE;
            default -> status >= 500 ? PageKind.ERROR : PageKind.INVALID;
        };
        pages.refused(response, kind);
    }
}
