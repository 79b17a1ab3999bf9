package io.tokengate.gateway.charge;

import io.tokengate.gateway.merchant.Scopes;
import io.tokengate.gateway.security.GuessThrottle;
import io.tokengate.gateway.security.GuessableLookup;
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

/**
 * {@code /v1/charges}: charge a token, capture, void, read and list. Money-moving POSTs accept an
 * optional {@code Idempotency-Key}; their answers are built as bytes once, so a replay is the
 * same bytes.
 */
@RestController
@RequestMapping(path = "/v1/charges", produces = "application/json")
class ChargeController {

    private final ChargeService service;
    private final ChargeOperations operations;
    private final ChargeReader reader;
    private final ChargeContexts contexts;

    ChargeController(ChargeService service, ChargeOperations operations, ChargeReader reader,
                     ChargeContexts contexts) {
        this.service = service;
        this.operations = operations;
        this.reader = reader;
        this.contexts = contexts;
    }

    @PostMapping(consumes = "application/json")
    @RequireScope(Scopes.CHARGES_WRITE)
    @GuessableLookup(GuessThrottle.Kind.TOKEN)
    ResponseEntity<byte[]> create(@RequestBody ChargeRequest body, @AuthenticationPrincipal MerchantPrincipal merchant,
                                  HttpServletRequest request) {
        return service.create(contexts.of(merchant, request, body), body);
    }

    @PostMapping("/{id}/capture")
    @RequireScope(Scopes.CHARGES_WRITE)
    ResponseEntity<byte[]> capture(@PathVariable String id, @RequestBody(required = false) ChargeViews.Capture body,
                                   @AuthenticationPrincipal MerchantPrincipal merchant, HttpServletRequest request) {
        return operations.capture(contexts.of(merchant, request, body), id, body == null ? null : body.amount());
    }

    @PostMapping("/{id}/void")
    @RequireScope(Scopes.CHARGES_WRITE)
    ResponseEntity<byte[]> voidCharge(@PathVariable String id,
                                      @RequestBody(required = false) ChargeViews.VoidCharge body,
                                      @AuthenticationPrincipal MerchantPrincipal merchant, HttpServletRequest request) {
        return operations.voidCharge(contexts.of(merchant, request, body), id);
    }

    @GetMapping("/{id}")
    @RequireScope(Scopes.CHARGES_READ)
    ChargeViews.ChargeView get(@PathVariable String id, @AuthenticationPrincipal MerchantPrincipal merchant) {
        return reader.charge(merchant.merchantId(), id);
    }

    /** An unknown {@code token} filter answers an empty list, and spends the key's guess budget like a 404. */
    @GetMapping
    @RequireScope(Scopes.CHARGES_READ)
    @GuessableLookup(value = GuessThrottle.Kind.TOKEN, onlyWithParameter = "token")
    PageResponse<ChargeViews.ChargeView> list(@RequestParam(required = false) Integer limit,
                                              @RequestParam(name = "starting_after", required = false) String after,
                                              @RequestParam(required = false) String status,
                                              @RequestParam(required = false) String token,
                                              @RequestParam(name = "created_gte", required = false) String createdGte,
                                              @RequestParam(name = "created_lt", required = false) String createdLt,
                                              @AuthenticationPrincipal MerchantPrincipal merchant,
                                              HttpServletRequest request) {
        return reader.charges(merchant.merchantId(), limit, after, status, token, createdGte, createdLt,
                () -> GuessThrottle.markMiss(request));
    }
}
