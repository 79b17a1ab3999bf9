package io.tokengate.gateway.charge;

import org.springframework.stereotype.Component;

/**
 * One charge as its merchant sees it, for other features that hand a charge back in their own
 * answers (the hosted checkout's code exchange). Added by the checkout feature: the charge
 * feature's reader is package-private.
 */
@Component
public class ChargeLookup {

    private final ChargeReader reader;

    ChargeLookup(ChargeReader reader) {
        this.reader = reader;
    }

    /**
     * The charge in the shape of {@code GET /v1/charges/{id}} (a JSON view object).
     *
     * @throws io.tokengate.gateway.web.ApiException {@code not_found} for an unknown or another merchant's charge
     */
    public Object charge(String merchantId, String chargeId) {
        return reader.charge(merchantId, chargeId);
    }
}
