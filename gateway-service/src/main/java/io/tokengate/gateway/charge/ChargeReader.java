package io.tokengate.gateway.charge;

import io.tokengate.gateway.token.Tokens;
import io.tokengate.gateway.web.ApiException;
import io.tokengate.gateway.web.ErrorCode;
import io.tokengate.gateway.web.Cursors;
import io.tokengate.gateway.web.PageResponse;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reads of charges and refunds for their merchant. Another merchant's object is answered exactly
 * like one that does not exist.
 */
@Component
class ChargeReader {

    private static final Set<String> STATUSES = Set.of(Charge.PENDING, Charge.AUTHORIZED, Charge.CAPTURING,
            Charge.VOIDING, Charge.CAPTURED, Charge.VOIDED, Charge.DECLINED, Charge.FAILED);

    private final ChargeRepository charges;
    private final RefundRepository refunds;
    private final Tokens tokens;

    ChargeReader(ChargeRepository charges, RefundRepository refunds, Tokens tokens) {
        this.charges = charges;
        this.refunds = refunds;
        this.tokens = tokens;
    }

    @Transactional(readOnly = true)
    public ChargeViews.ChargeView charge(String merchantId, String id) {
        Charge charge = charges.find(merchantId, id).orElseThrow(() -> ChargeValidation.notFound("charge", "id"));
        return ChargeViews.ChargeView.of(charge, tokenValue(charge));
    }

    @Transactional(readOnly = true)
    public PageResponse<ChargeViews.ChargeView> charges(String merchantId, Integer limit, String startingAfter,
                                                        String status, String token, String createdGte,
                                                        String createdLt, Runnable unknownToken) {
        int n = PageResponse.limit(limit);
        if (status != null && !STATUSES.contains(status)) {
            throw ApiException.invalid("status", "status must be one of " + String.join(", ", STATUSES.stream()
                    .sorted().toList()) + ".");
        }
        Long tokenId = null;
        if (token != null) {
            Optional<Long> found = tokens.findTokenId(merchantId, token);
            if (found.isEmpty()) {
                unknownToken.run();
                return new PageResponse<>("list", List.of(), false, null);
            }
            tokenId = found.get();
        }
        var filter = new ChargeRepository.ChargeFilter(status, tokenId, instant(createdGte, "created_gte"),
                instant(createdLt, "created_lt"), position(startingAfter));
        List<Charge> rows = charges.page(merchantId, filter, n + 1);
        Map<Long, String> tokenValues = new HashMap<>();
        return PageResponse.of(rows, n, ChargeReader::cursor, c -> ChargeViews.ChargeView.of(c,
                tokenValues.computeIfAbsent(c.tokenId(), id -> tokens.tokenValue(merchantId, id).orElse(null))));
    }

    @Transactional(readOnly = true)
    public ChargeViews.RefundView refund(String merchantId, String id) {
        return ChargeViews.RefundView.of(refunds.find(merchantId, id)
                .orElseThrow(() -> ChargeValidation.notFound("refund", "id")));
    }

    @Transactional(readOnly = true)
    public PageResponse<ChargeViews.RefundView> refunds(String merchantId, String chargeId, Integer limit,
                                                        String startingAfter) {
        int n = PageResponse.limit(limit);
        List<Refund> rows = refunds.page(merchantId, chargeId, position(startingAfter), n + 1);
        return PageResponse.of(rows, n, r -> encode(r.createdAt(), r.id()), ChargeViews.RefundView::of);
    }

    /** The charge's token value, shown to its own merchant; null if the token row is gone. */
    String tokenValue(Charge charge) {
        return tokens.tokenValue(charge.merchantId(), charge.tokenId()).orElse(null);
    }

    private static String cursor(Charge c) {
        return encode(c.createdAt(), c.id());
    }

    private static String encode(Instant createdAt, String id) {
        long micros = Math.addExact(Math.multiplyExact(createdAt.getEpochSecond(), 1_000_000L),
                createdAt.getNano() / 1_000);
        return micros + ":" + id;
    }

    private static ChargeRepository.Position position(String cursor) {
        String position = Cursors.decode(cursor);
        if (position == null) {
            return null;
        }
        int colon = position.indexOf(':');
        try {
            long micros = Long.parseLong(position.substring(0, Math.max(colon, 0)));
            String id = position.substring(colon + 1);
            if (id.isEmpty() || id.length() > 64) {
                throw new NumberFormatException();
            }
            return new ChargeRepository.Position(Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                    Math.floorMod(micros, 1_000_000L) * 1_000L), id);
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            throw new ApiException(ErrorCode.CURSOR_INVALID, "The cursor is not valid for this list; pass the "
                    + "next_cursor of the previous page unchanged.", "starting_after");
        }
    }

    private static Instant instant(String value, String param) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiException.invalid(param, param + " must be an ISO 8601 instant such as 2025-01-31T00:00:00Z.");
        }
    }
}
