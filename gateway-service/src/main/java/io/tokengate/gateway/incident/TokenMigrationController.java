package io.tokengate.gateway.incident;

import io.tokengate.gateway.incident.IncidentViews.MigrationView;
import io.tokengate.gateway.incident.IncidentViews.PairView;
import io.tokengate.gateway.merchant.Scopes;
import io.tokengate.gateway.security.Actors;
import io.tokengate.gateway.security.MerchantPrincipal;
import io.tokengate.gateway.security.RequireScope;
import io.tokengate.gateway.token.TokenPair;
import io.tokengate.gateway.web.ApiException;
import io.tokengate.gateway.web.Cursors;
import io.tokengate.gateway.web.PageResponse;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /v1/token-migrations}: after a containment the merchant, with the key issued to it, reads
 * the old → new mapping of its tokens and says when it has applied it. Every endpoint needs
 * {@code migrations:read}, the acknowledgement included: it changes no token and no money, and the
 * key containment issues must be able to send it. The revoked keys cannot authenticate at all (401).
 */
@RestController
@RequestMapping(path = "/v1/token-migrations", produces = "application/json")
class TokenMigrationController {

    private static final int DEFAULT_PAIRS = 100;

    private final TokenMigrations migrations;

    TokenMigrationController(TokenMigrations migrations) {
        this.migrations = migrations;
    }

    @GetMapping
    @RequireScope(Scopes.MIGRATIONS_READ)
    PageResponse<MigrationView> list(@RequestParam(required = false) Integer limit,
                                     @RequestParam(name = "starting_after", required = false) String startingAfter,
                                     @AuthenticationPrincipal MerchantPrincipal merchant) {
        PageResponse<TokenMigrations.Migration> page = migrations.list(merchant.merchantId(),
                Cursors.decode(startingAfter), PageResponse.limit(limit));
        return new PageResponse<>(page.object(), page.data().stream().map(MigrationView::of).toList(), page.hasMore(),
                page.nextCursor());
    }

    @GetMapping("/{id}")
    @RequireScope(Scopes.MIGRATIONS_READ)
    MigrationView get(@PathVariable String id, @AuthenticationPrincipal MerchantPrincipal merchant) {
        return MigrationView.of(migrations.get(merchant.merchantId(), id));
    }

    /** Pairs in a stable order; up to 1,000 a page (default 100), since a migration can hold millions. */
    @GetMapping("/{id}/pairs")
    @RequireScope(Scopes.MIGRATIONS_READ)
    PageResponse<PairView> pairs(@PathVariable String id, @RequestParam(required = false) Integer limit,
                                 @RequestParam(name = "starting_after", required = false) String startingAfter,
                                 @AuthenticationPrincipal MerchantPrincipal merchant) {
        int size = limit == null ? DEFAULT_PAIRS : limit;
        if (size < 1 || size > TokenMigrations.MAX_PAIRS_PER_PAGE) {
            throw ApiException.invalid("limit", "limit must be between 1 and " + TokenMigrations.MAX_PAIRS_PER_PAGE
                    + ".");
        }
        PageResponse<TokenPair> page = migrations.pairs(merchant.merchantId(), id, Cursors.decodeLong(startingAfter),
                size);
        return new PageResponse<>(page.object(), page.data().stream().map(PairView::of).toList(), page.hasMore(),
                page.nextCursor());
    }

    @PostMapping("/{id}/done")
    @RequireScope(Scopes.MIGRATIONS_READ)
    MigrationView done(@PathVariable String id, @AuthenticationPrincipal MerchantPrincipal merchant,
                       HttpServletRequest request) {
        return MigrationView.of(migrations.markDone(merchant.merchantId(), id, Actors.current(request)));
    }
}
