package io.tokengate.gateway.incident;

import io.tokengate.gateway.merchant.Merchants;
import io.tokengate.gateway.ops.Approval;
import io.tokengate.gateway.ops.Approvals;
import io.tokengate.gateway.security.Actors;
import io.tokengate.gateway.token.CanaryTokens;
import io.tokengate.gateway.token.TokenDetails.CardSummary;
import io.tokengate.gateway.token.TokenFormat;
import io.tokengate.gateway.token.TokenView.CardView;
import io.tokengate.gateway.web.ApiException;
import io.tokengate.gateway.web.Cursors;
import io.tokengate.gateway.web.PageResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Canary tokens of a merchant: mint (admin; the values are in this answer only, for ops to hand to
 * the merchant), list by hint (admin or auditor), and revoke them all, which needs a second admin's
 * approval ({@link CanaryRevokeAllHandler}).
 */
@RestController
@RequestMapping(path = "/ops/merchants/{merchantId}/canaries", produces = "application/json")
class OpsCanaryController {

    record MintCanaries(Integer count, String format) {
    }

    record MintedView(String object, String token, String hint, String format, CardView card, Instant createdAt) {
        @Override
        public String toString() {
            return "MintedView[…" + hint + "]";
        }
    }

    record CanaryBatchView(String object, String merchant, int count, List<MintedView> tokens) {
    }

    record CanaryView(String object, String hint, String status, String format, CardView card, Instant createdAt,
                      Instant revokedAt) {
    }

    private final Merchants merchants;
    private final CanaryTokens canaries;
    private final Approvals approvals;

    OpsCanaryController(Merchants merchants, CanaryTokens canaries, Approvals approvals) {
        this.merchants = merchants;
        this.canaries = canaries;
        this.approvals = approvals;
    }

    @PostMapping(consumes = "application/json")
    @ResponseStatus(HttpStatus.CREATED)
    CanaryBatchView mint(@PathVariable String merchantId, @RequestBody MintCanaries body, HttpServletRequest request) {
        merchants.get(merchantId);
        if (body.count() == null) {
            throw ApiException.missing("count");
        }
        TokenFormat format = TokenFormat.fromApiName(body.format(), "format");
        List<MintedView> minted = canaries.mint(merchantId, body.count(), format, Actors.current(request)).stream()
                .map(m -> new MintedView("canary", m.token(), m.hint(), m.format().apiName(), card(m.card()),
                        m.createdAt()))
                .toList();
        return new CanaryBatchView("canary_batch", merchantId, minted.size(), minted);
    }

    @GetMapping
    PageResponse<CanaryView> list(@PathVariable String merchantId, @RequestParam(required = false) Integer limit,
                                  @RequestParam(name = "starting_after", required = false) String startingAfter) {
        merchants.get(merchantId);
        int size = PageResponse.limit(limit);
        return PageResponse.of(canaries.list(merchantId, Cursors.decodeLong(startingAfter), size + 1), size,
                c -> Long.toString(c.id()), c -> new CanaryView("canary", c.hint(), c.status(), c.format().apiName(),
                        card(c.card()), c.createdAt(), c.revokedAt()));
    }

    /** 202 with the pending approval: nothing is revoked until a second, different admin approves it. */
    @PostMapping("/revoke-all")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Approval revokeAll(@PathVariable String merchantId, HttpServletRequest request) {
        merchants.get(merchantId);
        return approvals.request(CanaryRevokeAllHandler.ACTION, Map.of("merchant", merchantId), null,
                Actors.current(request));
    }

    private static CardView card(CardSummary c) {
        return new CardView(c.brand(), c.last4(), c.expMonth(), c.expYear());
    }
}
