package io.tokengate.gateway.token;

import io.tokengate.gateway.merchant.Merchants;
import io.tokengate.gateway.security.Actors;
import io.tokengate.gateway.token.TokenViews.ImportCard;
import io.tokengate.vault.card.CardPayload;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Ops access to a merchant's cards and tokens: import a card directly (tests, benchmarks,
 * migrations; shoppers use the hosted checkout), read a token, suspend and resume it. Writes need
 * the admin role; the auditor may read.
 */
@RestController
@RequestMapping(path = "/ops/merchants/{merchantId}", produces = "application/json")
class OpsTokenController {

    private final Merchants merchants;
    private final Tokens tokens;

    OpsTokenController(Merchants merchants, Tokens tokens) {
        this.merchants = merchants;
        this.tokens = tokens;
    }

    /**
     * Vaults a card for the merchant and issues a token on it. Invalid card fields → 400
     * {@code card_invalid}; an expired card → 422 {@code card_expired}.
     */
    @PostMapping(path = "/cards", consumes = "application/json")
    @ResponseStatus(HttpStatus.CREATED)
    TokenView importCard(@PathVariable String merchantId, @RequestBody ImportCard body, HttpServletRequest request) {
        merchants.get(merchantId);
        CardPayload payload = CardImport.payload(body);
        TokenFormat format = TokenFormat.fromApiName(body.format(), "format");
        return TokenView.of(tokens.vaultAndIssue(merchantId, payload, body.controls(), format,
                Actors.current(request)).details());
    }

    @GetMapping("/tokens/{token}")
    TokenView get(@PathVariable String merchantId, @PathVariable String token) {
        return TokenView.of(tokens.get(merchantId, token));
    }

    @PostMapping("/tokens/{token}/suspend")
    TokenView suspend(@PathVariable String merchantId, @PathVariable String token, HttpServletRequest request) {
        return TokenView.of(tokens.suspend(merchantId, token, Actors.current(request)));
    }

    @PostMapping("/tokens/{token}/resume")
    TokenView resume(@PathVariable String merchantId, @PathVariable String token, HttpServletRequest request) {
        return TokenView.of(tokens.resume(merchantId, token, Actors.current(request)));
    }
}
