package io.tokengate.gateway.webhook;

import io.tokengate.gateway.merchant.Scopes;
import io.tokengate.gateway.security.Actors;
import io.tokengate.gateway.security.MerchantPrincipal;
import io.tokengate.gateway.security.RequireScope;
import io.tokengate.gateway.web.Cursors;
import io.tokengate.gateway.web.PageResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.util.function.Function;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /v1/webhook-endpoints}: register, list, read and disable endpoints, and read an endpoint's
 * delivery log. All of it needs {@code webhooks:write}: whoever can read the log can learn what the
 * merchant's business is doing, so reading is not a weaker right than configuring.
 */
@RestController
@RequestMapping(path = "/v1/webhook-endpoints", produces = "application/json")
class WebhookEndpointController {

    private final WebhookEndpoints endpoints;

    WebhookEndpointController(WebhookEndpoints endpoints) {
        this.endpoints = endpoints;
    }

    @PostMapping(consumes = "application/json")
    @ResponseStatus(HttpStatus.CREATED)
    @RequireScope(Scopes.WEBHOOKS_WRITE)
    WebhookViews.EndpointView create(@RequestBody WebhookViews.CreateEndpoint body,
                                     @AuthenticationPrincipal MerchantPrincipal merchant, HttpServletRequest request) {
        WebhookEndpoints.Created created = endpoints.create(merchant.merchantId(), body, Actors.current(request));
        return WebhookViews.EndpointView.of(created.endpoint(), created.secret());
    }

    @GetMapping
    @RequireScope(Scopes.WEBHOOKS_WRITE)
    PageResponse<WebhookViews.EndpointView> list(@RequestParam(required = false) Integer limit,
                                                 @RequestParam(name = "starting_after", required = false) String after,
                                                 @AuthenticationPrincipal MerchantPrincipal merchant) {
        return map(endpoints.list(merchant.merchantId(), Cursors.decodeLong(after), PageResponse.limit(limit)),
                e -> WebhookViews.EndpointView.of(e, null));
    }

    @GetMapping("/{id}")
    @RequireScope(Scopes.WEBHOOKS_WRITE)
    WebhookViews.EndpointView get(@PathVariable String id, @AuthenticationPrincipal MerchantPrincipal merchant) {
        return WebhookViews.EndpointView.of(endpoints.get(merchant.merchantId(), id), null);
    }

    /** Disables the endpoint (there is no re-enabling: register a new one); idempotent. */
    @DeleteMapping("/{id}")
    @RequireScope(Scopes.WEBHOOKS_WRITE)
    WebhookViews.EndpointView disable(@PathVariable String id, @AuthenticationPrincipal MerchantPrincipal merchant,
                                      HttpServletRequest request) {
        return WebhookViews.EndpointView.of(endpoints.disable(merchant.merchantId(), id, Actors.current(request)),
                null);
    }

    @GetMapping("/{id}/deliveries")
    @RequireScope(Scopes.WEBHOOKS_WRITE)
    PageResponse<WebhookViews.DeliveryView> deliveries(@PathVariable String id,
                                                       @RequestParam(required = false) Integer limit,
                                                       @RequestParam(name = "starting_after", required = false)
                                                       String after,
                                                       @AuthenticationPrincipal MerchantPrincipal merchant) {
        return map(endpoints.deliveries(merchant.merchantId(), id, Cursors.decodeLong(after),
                PageResponse.limit(limit)), WebhookViews.DeliveryView::of);
    }

    private static <R, T> PageResponse<T> map(PageResponse<R> page, Function<R, T> view) {
        return new PageResponse<>(page.object(), page.data().stream().map(view).toList(), page.hasMore(),
                page.nextCursor());
    }
}
