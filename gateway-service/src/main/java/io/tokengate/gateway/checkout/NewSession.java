package io.tokengate.gateway.checkout;

import io.tokengate.gateway.checkout.CheckoutViews.CreateSession;
import io.tokengate.gateway.merchant.Acl;
import io.tokengate.gateway.merchant.AclDeniedException;
import io.tokengate.gateway.merchant.AclEnforcer;
import io.tokengate.gateway.merchant.Merchant;
import io.tokengate.gateway.token.TokenControls;
import io.tokengate.gateway.web.ApiException;
import io.tokengate.gateway.web.Money;
import java.time.Duration;
import java.time.Instant;

/**
 * A checked request for a session. Everything that would make the hosted page fail is refused
 * here, while the merchant's server is still on the line: a currency the ACL refuses, an amount
 * over the per-charge cap, token controls that forbid the checkout's own charge, URLs off the
 * merchant's return origins.
 */
record NewSession(String mode, Long amount, String currency, boolean capture, String successUrl, String cancelUrl,
                  String merchantReference, TokenControls controls, Instant expiresAt) {

    private static final Duration MIN_LIFETIME = Duration.ofMinutes(1);
    private static final int MAX_REFERENCE = 200;

    static NewSession of(CreateSession body, Merchant merchant, Acl acl, CheckoutProperties props, Instant now) {
        if (body == null) {
            throw ApiException.missing("mode");
        }
        String mode = body.mode();
        if (mode == null) {
            throw ApiException.missing("mode");
        }
        if (!CheckoutSession.SETUP.equals(mode) && !CheckoutSession.PAYMENT.equals(mode)) {
            throw ApiException.invalid("mode", "mode must be setup (save the card) or payment (save it and charge).");
        }
        boolean payment = CheckoutSession.PAYMENT.equals(mode);
        Long amount = null;
        String currency = null;
        if (payment) {
            amount = Money.amount(body.amount(), "amount");
            currency = Money.currency(body.currency(), "currency");
            checkAcl(merchant.id(), acl, currency, amount);
        } else if (body.amount() != null || body.currency() != null || body.capture() != null) {
            throw ApiException.invalid(body.amount() != null ? "amount" : body.currency() != null ? "currency" : "capture",
                    "A setup session charges nothing; send amount, currency and capture only with mode payment.");
        }
        String success = ReturnUrls.validate(body.successUrl(), "success_url", merchant);
        String cancel = ReturnUrls.validate(body.cancelUrl(), "cancel_url", merchant);
        String reference = reference(body.merchantReference());
        Instant expiresAt = expiry(body, props, now);
        TokenControls controls = TokenControls.orDefaults(body.tokenControls(), "token_controls", now);
        if (controls.expiresAt() != null && !controls.expiresAt().isAfter(expiresAt)) {
            throw ApiException.invalid("token_controls.expires_at",
                    "The token must outlive the session: token_controls.expires_at must be after the session's expiry.");
        }
        if (payment) {
            checkControlsAllowCharge(controls, amount, currency);
        }
        boolean capture = !Boolean.FALSE.equals(body.capture());
        return new NewSession(mode, amount, currency, capture, success, cancel, reference, controls, expiresAt);
    }

    private static void checkAcl(String merchantId, Acl acl, String currency, long amount) {
        Acl.CurrencyLimit limit = acl.limitFor(currency).orElseThrow(() -> new AclDeniedException(merchantId,
                AclEnforcer.RULE_CURRENCY, "The currency " + currency + " is not allowed for this merchant.",
                "currency"));
        if (limit.perChargeMax() != null && amount > limit.perChargeMax()) {
            throw new AclDeniedException(merchantId, AclEnforcer.RULE_PER_CHARGE,
                    "The amount exceeds the per-charge cap of " + limit.perChargeMax() + " " + currency + ".", "amount");
        }
    }

    private static void checkControlsAllowCharge(TokenControls controls, long amount, String currency) {
        if (!controls.allowsChannel(TokenControls.CUSTOMER_INITIATED)) {
            throw ApiException.invalid("token_controls.channel", "The checkout's own charge is customer-initiated; "
                    + "a payment session needs channel customer_initiated or any.");
        }
        if (controls.maxAmount() != null
                && (!controls.maxAmountCurrency().equals(currency) || amount > controls.maxAmount())) {
            throw ApiException.invalid("token_controls.max_amount",
                    "The token's maximum must allow the checkout's own charge of " + amount + " " + currency + ".");
        }
    }

    private static String reference(String reference) {
        if (reference == null) {
            return null;
        }
        if (reference.length() > MAX_REFERENCE || reference.chars().anyMatch(Character::isISOControl)) {
            throw ApiException.invalid("merchant_reference",
                    "merchant_reference must be at most " + MAX_REFERENCE + " characters without control characters.");
        }
        return reference;
    }

    private static Instant expiry(CreateSession body, CheckoutProperties props, Instant now) {
        if (body.expiresInSeconds() != null && body.expiresAt() != null) {
            throw ApiException.invalid("expires_at", "Send expires_in_seconds or expires_at, not both.");
        }
        Duration max = props.getMaxLifetime();
        Duration lifetime;
        String param;
        if (body.expiresInSeconds() != null) {
            lifetime = Duration.ofSeconds(body.expiresInSeconds());
            param = "expires_in_seconds";
        } else if (body.expiresAt() != null) {
            lifetime = Duration.between(now, body.expiresAt());
            param = "expires_at";
        } else {
            return now.plus(props.getDefaultLifetime());
        }
        if (lifetime.compareTo(MIN_LIFETIME) < 0 || lifetime.compareTo(max) > 0) {
            throw ApiException.invalid(param, "A session lives between " + MIN_LIFETIME.toSeconds() + " seconds and "
                    + max.toSeconds() + " seconds.");
        }
        return now.plus(lifetime);
    }
}
