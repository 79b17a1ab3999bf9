package io.tokengate.gateway.charge;

import io.tokengate.gateway.idempotency.StoredResponse;
import io.tokengate.gateway.web.ErrorCode;
import io.tokengate.gateway.web.Problems;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Renders the answers that idempotency may replay, once, to bytes: what is sent is what is stored.
 * Uses the application's JSON mapper, so the bytes match every other response of the API.
 */
@Component
class ChargeResponses {

    private final JsonMapper json;
    private final Problems problems;

    ChargeResponses(JsonMapper json, Problems problems) {
        this.json = json;
        this.problems = problems;
    }

    StoredResponse charge(int status, Charge charge, String token) {
        return new StoredResponse(status, MediaType.APPLICATION_JSON_VALUE,
                json.writeValueAsBytes(ChargeViews.ChargeView.of(charge, token)));
    }

    StoredResponse refund(int status, Refund refund) {
        return new StoredResponse(status, MediaType.APPLICATION_JSON_VALUE,
                json.writeValueAsBytes(ChargeViews.RefundView.of(refund)));
    }

    /** 402 {@code card_declined} with the {@code decline_code} and the {@code charge} id. */
    StoredResponse declined(String chargeId, String declineCode, String detail, String requestId) {
        Map<String, Object> body = problems.body(ErrorCode.CARD_DECLINED, detail, null,
                Map.of("decline_code", declineCode, "charge", chargeId), null);
        if (requestId != null) {
            body.put("request_id", requestId);
        }
        return new StoredResponse(ErrorCode.CARD_DECLINED.status().value(), Problems.PROBLEM_JSON.toString(),
                json.writeValueAsBytes(body));
    }
}
