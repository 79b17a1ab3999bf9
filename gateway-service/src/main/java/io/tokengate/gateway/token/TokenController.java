package io.tokengate.gateway.token;

import io.tokengate.gateway.merchant.Scopes;
import io.tokengate.gateway.security.Actors;
import io.tokengate.gateway.security.GuessThrottle;
import io.tokengate.gateway.security.GuessableLookup;
import io.tokengate.gateway.security.MerchantPrincipal;
import io.tokengate.gateway.security.RequireScope;
import io.tokengate.gateway.web.ApiException;
import io.tokengate.gateway.web.Cursors;
import io.tokengate.gateway.web.PageResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Set;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The merchant's tokens: read one, list them, revoke one. Every lookup is scoped to the
 * authenticated merchant, so another merchant's token is {@code not_found} like an unknown one.
 */
@RestController
@RequestMapping(path = "/v1/tokens", produces = "application/json")
class TokenController {

    private static final Set<String> STATUSES = Set.of(TokenDetails.ACTIVE, TokenDetails.SUSPENDED,
            TokenDetails.REVOKED, TokenDetails.EXPIRED);

    private final Tokens tokens;
    private final CanaryAlarm canaries;

    TokenController(Tokens tokens, CanaryAlarm canaries) {
        this.tokens = tokens;
        this.canaries = canaries;
    }

    /** A canary is answered like any token; its use is recorded as a critical security event. */
    @GetMapping("/{token}")
    @RequireScope(Scopes.TOKENS_READ)
    @GuessableLookup(GuessThrottle.Kind.TOKEN)
    TokenView get(@PathVariable String token, @AuthenticationPrincipal MerchantPrincipal merchant,
                  HttpServletRequest request) {
        canaries.raiseIfCanary(merchant.merchantId(), token, Actors.current(request), "GET /v1/tokens/{token}");
        return TokenView.of(tokens.get(merchant.merchantId(), token));
    }

    @GetMapping
    @RequireScope(Scopes.TOKENS_READ)
    PageResponse<TokenView> list(@RequestParam(required = false) Integer limit,
                                 @RequestParam(name = "starting_after", required = false) String startingAfter,
                                 @RequestParam(required = false) String status,
                                 @AuthenticationPrincipal MerchantPrincipal merchant) {
        if (status != null && !STATUSES.contains(status)) {
            throw ApiException.invalid("status", "status must be active, suspended, revoked or expired.");
        }
        int pageSize = PageResponse.limit(limit);
        PageResponse<TokenDetails> page = tokens.list(merchant.merchantId(), Cursors.decodeLong(startingAfter),
                status, pageSize);
        return new PageResponse<>(page.object(), page.data().stream().map(TokenView::of).toList(), page.hasMore(),
                page.nextCursor());
    }

    /** Revokes the token; revoking a revoked token answers 200 with it unchanged. */
    @DeleteMapping("/{token}")
    @RequireScope(Scopes.TOKENS_WRITE)
    @GuessableLookup(GuessThrottle.Kind.TOKEN)
    TokenView revoke(@PathVariable String token, @AuthenticationPrincipal MerchantPrincipal merchant,
                     HttpServletRequest request) {
        canaries.raiseIfCanary(merchant.merchantId(), token, Actors.current(request), "DELETE /v1/tokens/{token}");
        return TokenView.of(tokens.revoke(merchant.merchantId(), token, Tokens.REVOKED_BY_MERCHANT,
                Actors.current(request)));
    }
}
