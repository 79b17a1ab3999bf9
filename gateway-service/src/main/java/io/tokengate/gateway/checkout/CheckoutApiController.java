package io.tokengate.gateway.checkout;

import io.tokengate.gateway.checkout.CheckoutViews.CompletionView;
import io.tokengate.gateway.checkout.CheckoutViews.Complete;
import io.tokengate.gateway.checkout.CheckoutViews.CreateSession;
import io.tokengate.gateway.checkout.CheckoutViews.SessionView;
import io.tokengate.gateway.merchant.Scopes;
import io.tokengate.gateway.security.Actors;
import io.tokengate.gateway.security.GuessThrottle;
import io.tokengate.gateway.security.GuessableLookup;
import io.tokengate.gateway.security.MerchantPrincipal;
import io.tokengate.gateway.security.RequireScope;
import io.tokengate.gateway.web.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The merchant's checkout API: open a hosted checkout, read it, and exchange the one-time code
 * from the success redirect for the token. All three need the {@code checkout:write} scope: the
 * exchange hands out a token, and reading a completed session shows it again.
 */
@RestController
@RequestMapping(path = "/v1/checkout/sessions", produces = "application/json")
class CheckoutApiController {

    private final CheckoutSessions sessions;

    CheckoutApiController(CheckoutSessions sessions) {
        this.sessions = sessions;
    }

    @PostMapping(consumes = "application/json")
    @ResponseStatus(HttpStatus.CREATED)
    @RequireScope(Scopes.CHECKOUT_WRITE)
    SessionView create(@AuthenticationPrincipal MerchantPrincipal merchant, @RequestBody CreateSession body,
                       HttpServletRequest request) {
        return sessions.create(merchant.merchantId(), body, Actors.current(request));
    }

    @GetMapping("/{id}")
    @RequireScope(Scopes.CHECKOUT_WRITE)
    SessionView get(@AuthenticationPrincipal MerchantPrincipal merchant, @PathVariable String id) {
        return sessions.get(merchant.merchantId(), id);
    }

    @PostMapping(path = "/{id}/complete", consumes = "application/json")
    @RequireScope(Scopes.CHECKOUT_WRITE)
    @GuessableLookup(GuessThrottle.Kind.CHECKOUT_CODE)
    CompletionView complete(@AuthenticationPrincipal MerchantPrincipal merchant, @PathVariable String id,
                            @RequestBody Complete body, HttpServletRequest request) {
        if (body == null) {
            throw ApiException.missing("code");
        }
        return sessions.complete(merchant.merchantId(), id, body.code(), Actors.current(request));
    }
}
