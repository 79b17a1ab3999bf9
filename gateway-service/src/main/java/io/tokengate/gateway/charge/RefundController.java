package io.tokengate.gateway.charge;

import io.tokengate.gateway.merchant.Scopes;
import io.tokengate.gateway.security.MerchantPrincipal;
import io.tokengate.gateway.security.RequireScope;
import io.tokengate.gateway.web.PageResponse;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /v1/refunds}: refund a captured charge (partially, many times), read and list refunds. */
@RestController
@RequestMapping(path = "/v1/refunds", produces = "application/json")
class RefundController {

    private final RefundService service;
    private final ChargeReader reader;
    private final ChargeContexts contexts;

    RefundController(RefundService service, ChargeReader reader, ChargeContexts contexts) {
        this.service = service;
        this.reader = reader;
        this.contexts = contexts;
    }

    @PostMapping(consumes = "application/json")
    @RequireScope(Scopes.REFUNDS_WRITE)
    ResponseEntity<byte[]> create(@RequestBody ChargeViews.CreateRefund body,
                                  @AuthenticationPrincipal MerchantPrincipal merchant, HttpServletRequest request) {
        return service.create(contexts.of(merchant, request, body), body.charge(), body.amount(), body.reason());
    }

    @GetMapping("/{id}")
    @RequireScope(Scopes.REFUNDS_READ)
    ChargeViews.RefundView get(@PathVariable String id, @AuthenticationPrincipal MerchantPrincipal merchant) {
        return reader.refund(merchant.merchantId(), id);
    }

    @GetMapping
    @RequireScope(Scopes.REFUNDS_READ)
    PageResponse<ChargeViews.RefundView> list(@RequestParam(required = false) String charge,
                                              @RequestParam(required = false) Integer limit,
                                              @RequestParam(name = "starting_after", required = false) String after,
                                              @AuthenticationPrincipal MerchantPrincipal merchant) {
        return reader.refunds(merchant.merchantId(), charge, limit, after);
    }
}
