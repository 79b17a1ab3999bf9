package io.tokengate.gateway.checkout;

import io.tokengate.gateway.merchant.Merchant;
import io.tokengate.gateway.merchant.Merchants;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.view.RedirectView;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

/**
 * Turns a {@link Step} into a response: a 303 redirect or a Thymeleaf page with the session's
 * display fields. Also names, for the Content-Security-Policy, the merchant origins the page's
 * forms may lead to. Pages never receive card data: only the name and expiry the shopper typed.
 */
@Component
class CheckoutPages {

    private final Merchants merchants;
    private final ITemplateEngine templates;

    CheckoutPages(Merchants merchants, ITemplateEngine templates) {
        this.merchants = merchants;
        this.templates = templates;
    }

    ModelAndView render(Step step, HttpServletRequest request, HttpServletResponse response) {
        if (step instanceof Step.Redirect r) {
            RedirectView view = new RedirectView(r.location());
            view.setStatusCode(HttpStatus.SEE_OTHER);
            view.setExposeModelAttributes(false);
            view.setExpandUriTemplateVariables(false);
            return new ModelAndView(view);
        }
        // Make the CSRF token (and its cookie) now, before the page body can commit the response.
        CsrfToken csrf = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
        if (csrf != null) {
            csrf.getToken();
        }
        ModelAndView mv = switch (step) {
            case Step.Form f -> page("checkout/form", f.session(), f.status())
                    .addObject("errors", f.errors()).addObject("banner", f.banner())
                    .addObject("name", f.name()).addObject("expMonth", f.expMonth()).addObject("expYear", f.expYear());
            case Step.Challenge c -> page("checkout/challenge", c.session(), c.status())
                    .addObject("error", c.error())
                    .addObject("challengeAction", Pages.challengePath(c.session().id()));
            case Step.Declined d -> page("checkout/declined", d.session(), HttpStatus.PAYMENT_REQUIRED.value())
                    .addObject("message", d.message()).addObject("canRetry", d.canRetry());
            case Step.Processing p -> page("checkout/processing", p.session(), HttpStatus.ACCEPTED.value());
            case Step.Message m -> message(m.kind(), m.session());
            case Step.Redirect r -> throw new IllegalStateException("handled above");
        };
        if (step instanceof Step.Message m && m.session() == null) {
            return mv;
        }
        CheckoutSession s = sessionOf(step);
        request.setAttribute(CheckoutHeaders.FORM_ORIGINS, ReturnUrls.originsOf(s));
        return mv;
    }

    /** The page for a refused CSRF check (the security chain's access-denied handler). */
    void csrfRefused(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        if (response.isCommitted()) {
            return;
        }
        Context context = new Context(Locale.ENGLISH, variables(PageKind.CSRF, null));
        String back = request.getRequestURI();
        int cut = back.indexOf('/', Pages.BASE.length());
        context.setVariable("backLink", cut > 0 ? back.substring(0, cut) : null);
        response.setStatus(PageKind.CSRF.status().value());
        response.setContentType("text/html;charset=UTF-8");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        templates.process("checkout/message", context, response.getWriter());
    }

    /** A page for a request refused before any checkout controller ran (see {@link CheckoutErrorPages}). */
    void refused(HttpServletResponse response, PageKind kind) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        Context context = new Context(Locale.ENGLISH, variables(kind, null));
        response.setStatus(kind.status().value());
        // The checkout chain's header writer may not have run (a firewall rejection comes first).
        response.setHeader("Content-Security-Policy", CheckoutHeaders.policy(null));
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setContentType("text/html;charset=UTF-8");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        templates.process("checkout/message", context, response.getWriter());
    }

    ModelAndView message(PageKind kind, CheckoutSession session) {
        ModelAndView mv = new ModelAndView("checkout/message", variables(kind, session));
        mv.setStatus(kind.status());
        return mv;
    }

    private Map<String, Object> variables(PageKind kind, CheckoutSession session) {
        Map<String, Object> model = new HashMap<>();
        model.put("title", kind.title());
        model.put("text", kind.text());
        model.put("merchantName", session == null ? null : merchantName(session));
        // Back to the shop where that still makes sense; never with a code.
        boolean offerShop = session != null && (kind == PageKind.EXPIRED || kind == PageKind.FAILED
                || kind == PageKind.THROTTLED || kind == PageKind.CANCELLED || kind == PageKind.UNAVAILABLE);
        model.put("shopLink", offerShop ? session.cancelUrl() : null);
        model.put("backLink", null);
        return model;
    }

    private ModelAndView page(String view, CheckoutSession s, int status) {
        ModelAndView mv = new ModelAndView(view);
        mv.setStatus(HttpStatus.valueOf(status));
        mv.addObject("title", s.payment() ? "Pay " + merchantName(s) : "Save your card with " + merchantName(s));
        mv.addObject("merchantName", merchantName(s));
        mv.addObject("payment", s.payment());
        mv.addObject("amountText", s.payment() ? Pages.amount(s.amount(), s.currency()) : null);
        mv.addObject("card", s.card());
        mv.addObject("cardBrand", s.card() == null ? null : Pages.brandName(s.card().brand()));
        mv.addObject("formAction", Pages.pagePath(s.id()));
        mv.addObject("cancelAction", Pages.cancelPath(s.id()));
        mv.addObject("pageLink", Pages.pagePath(s.id()));
        return mv;
    }

    private String merchantName(CheckoutSession s) {
        return merchants.find(s.merchantId()).map(Merchant::name).orElse("the shop");
    }

    private static CheckoutSession sessionOf(Step step) {
        return switch (step) {
            case Step.Form f -> f.session();
            case Step.Challenge c -> c.session();
            case Step.Declined d -> d.session();
            case Step.Processing p -> p.session();
            case Step.Message m -> m.session();
            case Step.Redirect r -> throw new IllegalStateException("no session on a redirect");
        };
    }
}
