package io.tokengate.gateway.token;

import static io.tokengate.gateway.token.CardImportBuilder.MASTERCARD;
import static io.tokengate.gateway.token.CardImportBuilder.VISA;
import static io.tokengate.gateway.token.CardImportBuilder.importCard;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokengate.gateway.audit.Actor;
import io.tokengate.gateway.audit.AuditEntry;
import io.tokengate.gateway.audit.AuditLog;
import io.tokengate.gateway.support.IntegrationTest;
import io.tokengate.gateway.web.ApiException;
import io.tokengate.gateway.web.ErrorCode;
import io.tokengate.vault.card.CardPayload;
import io.tokengate.vault.card.RawCardAccess;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionTemplate;

class TokenReserveForChargeTest extends IntegrationTest {

    private static final Actor KEY = Actor.merchantKey("key_reservetest0000000", "203.0.113.7");
    private static final String CIT = "customer_initiated";
    private static final String MIT = "merchant_initiated";

    @Autowired
    Tokens tokens;
    @Autowired
    TokenRefusals refusals;
    @Autowired
    AuditLog audit;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    JdbcClient jdbc;

    @Test
    void reserveWhenActiveMultiUseThenChargeableCardThatOpensAndTokenNotSpent() {
        String merchant = fixture().merchant().id();
        String token = importCard(ops(), merchant).expiry(8, 2032).token();

        ChargeableCard card = reserve(merchant, token, 1000, "EUR", CIT);

        assertThat(card.tokenId()).isEqualTo(tokens.findTokenId(merchant, token).orElseThrow());
        assertThat(card.merchantId()).isEqualTo(merchant);
        assertThat(card.cardId()).startsWith("card_");
        assertThat(card).extracting(ChargeableCard::brand, ChargeableCard::last4, ChargeableCard::expMonth,
                ChargeableCard::expYear).containsExactly("visa", "4242", 8, 2032);
        CardPayload payload = tokens.openCard(card);
        assertThat(payload.pan().digits(RawCardAccess.get())).isEqualTo(VISA);
        assertThat(payload.expiry().year()).isEqualTo(2032);
        assertThat(spent(card.tokenId())).isFalse();
        assertThat(reserve(merchant, token, 1000, "EUR", MIT).tokenId()).isEqualTo(card.tokenId());
    }

    @Test
    void reserveWhenSingleUseThenSpentOnceAndReleaseMakesItUsableAgain() {
        String merchant = fixture().merchant().id();
        String token = importCard(ops(), merchant).singleUse().token();

        ChargeableCard card = reserve(merchant, token, 500, "EUR", CIT);
        assertThat(spent(card.tokenId())).isTrue();
        assertRefused(merchant, token, 500, "EUR", CIT, ErrorCode.TOKEN_ALREADY_USED, "token");

        tx.executeWithoutResult(s -> tokens.releaseUse(card.tokenId()));
        assertThat(spent(card.tokenId())).isFalse();
        assertThat(reserve(merchant, token, 500, "EUR", CIT).tokenId()).isEqualTo(card.tokenId());
    }

    @Test
    void reserveWhenCallerRollsBackThenSingleUseTokenNotSpent() {
        String merchant = fixture().merchant().id();
        String token = importCard(ops(), merchant).singleUse().token();
        tx.executeWithoutResult(s -> {
            tokens.reserveForCharge(merchant, token, 500, "EUR", CIT, KEY);
            s.setRollbackOnly();
        });
        assertThat(reserve(merchant, token, 500, "EUR", CIT)).isNotNull();
    }

    @Test
    void reserveWhenConcurrentOnSingleUseTokenThenExactlyOneWins() throws Exception {
        String merchant = fixture().merchant().id();
        String token = importCard(ops(), merchant).singleUse().token();
        CountDownLatch start = new CountDownLatch(1);
        List<Callable<String>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            calls.add(() -> {
                start.await();
                try {
                    reserve(merchant, token, 100, "EUR", CIT);
                    return "ok";
                } catch (ApiException e) {
                    return e.code().code();
                }
            });
        }
        List<String> outcomes = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<String>> futures = calls.stream().map(pool::submit).toList();
            start.countDown();
            for (Future<String> f : futures) {
                outcomes.add(f.get());
            }
        }
        assertThat(outcomes).containsOnlyOnce("ok");
        assertThat(outcomes.stream().filter("token_already_used"::equals)).hasSize(7);
    }

    @Test
    void reserveWhenUnknownForeignOrMalformedThenNotFound() {
        String owner = fixture().merchant().id();
        String other = fixture().merchant().id();
        String token = importCard(ops(), owner).token();
        for (String candidate : List.of(token, "tok_AAAAAAAAAAAAAAAAAAAAAAAA", "tok_", "", VISA)) {
            ApiException e = refused(other, candidate, 100, "EUR", CIT);
            assertThat(e.code()).as(candidate).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(e.getMessage()).isEqualTo("No such token.");
            assertThat(e.param()).isEqualTo("token");
        }
    }

    @Test
    void reserveWhenRevokedThenRefusedAndSecurityEventSurvivesTheRollbackOnce() {
        String merchant = fixture().merchant().id();
        String token = importCard(ops(), merchant).token();
        fixture().client(fixture().issueKey(merchant, "tokens:write")).delete("/v1/tokens/" + token);
        long tokenId = tokens.findTokenId(merchant, token).orElseThrow();

        ApiException refusal = catchApi(() -> tx.executeWithoutResult(s -> {
            audit.append(AuditEntry.of(KEY, "test.marker").merchant(merchant).build());
            tokens.reserveForCharge(merchant, token, 100, "EUR", CIT, KEY);
        }));

        assertThat(refusal).isInstanceOf(TokenRefusedException.class);
        assertThat(refusal.code()).isEqualTo(ErrorCode.TOKEN_REVOKED);
        assertThat(refusal.getMessage()).doesNotContain(token);
        assertThat(securityEvents(merchant)).isEmpty();
        assertThat(jdbc.sql("SELECT count(*) FROM audit_events WHERE merchant_id = ? AND action = 'test.marker'")
                .param(merchant).query(Long.class).single()).isZero();

        // What the controller advice does once the request's transaction has rolled back.
        refusals.record((TokenRefusedException) refusal, "POST /v1/charges");
        refusals.record((TokenRefusedException) refusal, "POST /v1/charges");

        List<Map<String, Object>> events = securityEvents(merchant);
        assertThat(events).hasSize(1);
        Map<String, Object> event = events.getFirst();
        assertThat(event).containsEntry("actor_type", "merchant").containsEntry("actor_id", KEY.id())
                .containsEntry("source_ip", "203.0.113.7").containsEntry("subject_id", Long.toString(tokenId))
                .containsEntry("hint", token.substring(token.length() - 4))
                .containsEntry("route", "POST /v1/charges");
        assertThat(event.get("details").toString()).doesNotContain(token);
    }

    @Test
    void reserveWhenSuspendedOrExpiredThenRefusedWithTheirCodes() {
        String merchant = fixture().merchant().id();
        String suspended = importCard(ops(), merchant).token();
        ops().post("/ops/merchants/" + merchant + "/tokens/" + suspended + "/suspend", "");
        assertRefused(merchant, suspended, 100, "EUR", CIT, ErrorCode.TOKEN_SUSPENDED, "token");

        String expiredStatus = importCard(ops(), merchant).token();
        jdbc.sql("UPDATE tokens SET status = 'expired' WHERE id = ?")
                .param(tokens.findTokenId(merchant, expiredStatus).orElseThrow()).update();
        assertRefused(merchant, expiredStatus, 100, "EUR", CIT, ErrorCode.TOKEN_EXPIRED, "token");

        String lapsed = importCard(ops(), merchant).control("expires_at", "2090-01-01T00:00:00Z").token();
        lapse(merchant, lapsed);
        assertRefused(merchant, lapsed, 100, "EUR", CIT, ErrorCode.TOKEN_EXPIRED, "token");
    }

    @Test
    void reserveWhenMaxAmountOrCurrencyExceededThenLimitExceededNamingTheField() {
        String merchant = fixture().merchant().id();
        String token = importCard(ops(), merchant).maxAmount(5000, "EUR").token();
        assertRefused(merchant, token, 5001, "EUR", CIT, ErrorCode.TOKEN_LIMIT_EXCEEDED, "amount");
        assertRefused(merchant, token, 100, "USD", CIT, ErrorCode.TOKEN_LIMIT_EXCEEDED, "currency");
        assertThat(reserve(merchant, token, 5000, "EUR", CIT)).isNotNull();
    }

    @Test
    void reserveWhenChannelNotAllowedThenChannelDenied() {
        String merchant = fixture().merchant().id();
        String mitOnly = importCard(ops(), merchant).control("channel", MIT).token();
        assertRefused(merchant, mitOnly, 100, "EUR", CIT, ErrorCode.TOKEN_CHANNEL_DENIED, "channel");
        assertThat(reserve(merchant, mitOnly, 100, "EUR", MIT)).isNotNull();
        String citOnly = importCard(ops(), merchant).number(MASTERCARD).control("channel", CIT).token();
        assertRefused(merchant, citOnly, 100, "EUR", MIT, ErrorCode.TOKEN_CHANNEL_DENIED, "channel");
        assertRefused(merchant, citOnly, 100, "EUR", "moto", ErrorCode.PARAMETER_INVALID, "channel");
    }

    @Test
    void reserveWhenCardExpiredSinceImportThenCardExpired() {
        String merchant = fixture().merchant().id();
        String token = importCard(ops(), merchant).token();
        jdbc.sql("UPDATE cards SET exp_year = 2020 WHERE merchant_id = ?").param(merchant).update();
        assertRefused(merchant, token, 100, "EUR", CIT, ErrorCode.CARD_EXPIRED, "token");
    }

    @Test
    void reserveWhenSeveralRulesFailThenTheFirstInTheDocumentedOrderAnswers() {
        String merchant = fixture().merchant().id();
        String revokedAndLapsed = importCard(ops(), merchant).control("expires_at", "2090-01-01T00:00:00Z").token();
        fixture().client(fixture().issueKey(merchant, "tokens:write")).delete("/v1/tokens/" + revokedAndLapsed);
        lapse(merchant, revokedAndLapsed);
        assertRefused(merchant, revokedAndLapsed, 100, "EUR", CIT, ErrorCode.TOKEN_REVOKED, "token");

        String suspendedAndLapsed = importCard(ops(), merchant).control("expires_at", "2090-01-01T00:00:00Z").token();
        ops().post("/ops/merchants/" + merchant + "/tokens/" + suspendedAndLapsed + "/suspend", "");
        lapse(merchant, suspendedAndLapsed);
        assertRefused(merchant, suspendedAndLapsed, 100, "EUR", CIT, ErrorCode.TOKEN_SUSPENDED, "token");

        String usedAndLapsed = importCard(ops(), merchant).singleUse().control("expires_at", "2090-01-01T00:00:00Z")
                .token();
        reserve(merchant, usedAndLapsed, 100, "EUR", CIT);
        lapse(merchant, usedAndLapsed);
        assertRefused(merchant, usedAndLapsed, 100, "EUR", CIT, ErrorCode.TOKEN_EXPIRED, "token");

        String usedAndOverLimit = importCard(ops(), merchant).singleUse().maxAmount(100, "EUR").token();
        reserve(merchant, usedAndOverLimit, 100, "EUR", CIT);
        assertRefused(merchant, usedAndOverLimit, 999, "EUR", CIT, ErrorCode.TOKEN_ALREADY_USED, "token");

        String limitAndChannel = importCard(ops(), merchant).maxAmount(100, "EUR").control("channel", MIT).token();
        assertRefused(merchant, limitAndChannel, 999, "EUR", CIT, ErrorCode.TOKEN_LIMIT_EXCEEDED, "amount");

        String channelAndCard = importCard(ops(), merchant).number(MASTERCARD).control("channel", MIT).token();
        jdbc.sql("UPDATE cards SET exp_year = 2020 WHERE merchant_id = ?").param(merchant).update();
        assertRefused(merchant, channelAndCard, 100, "EUR", CIT, ErrorCode.TOKEN_CHANNEL_DENIED, "channel");
    }

    @Test
    void reserveWhenNoTransactionThenIllegalTransactionState() {
        String merchant = fixture().merchant().id();
        String token = importCard(ops(), merchant).token();
        assertThatThrownBy(() -> tokens.reserveForCharge(merchant, token, 100, "EUR", CIT, KEY))
                .isInstanceOf(IllegalTransactionStateException.class);
    }

    @Test
    void findTokenIdAndTokenValueWhenOwnThenPresentAndWhenForeignThenEmpty() {
        String owner = fixture().merchant().id();
        String other = fixture().merchant().id();
        String token = importCard(ops(), owner).formatPreserving().token();

        long id = tokens.findTokenId(owner, token).orElseThrow();
        assertThat(tokens.tokenValue(owner, id)).contains(token);
        assertThat(tokens.findTokenId(other, token)).isEmpty();
        assertThat(tokens.tokenValue(other, id)).isEmpty();
        assertThat(tokens.findTokenId(owner, "tok_nope")).isEmpty();
        assertThat(tokens.findTokenId(owner, null)).isEmpty();
    }

    private ChargeableCard reserve(String merchant, String token, long amount, String currency, String channel) {
        return tx.execute(s -> tokens.reserveForCharge(merchant, token, amount, currency, channel, KEY));
    }

    private ApiException refused(String merchant, String token, long amount, String currency, String channel) {
        return catchApi(() -> reserve(merchant, token, amount, currency, channel));
    }

    private void assertRefused(String merchant, String token, long amount, String currency, String channel,
                               ErrorCode code, String param) {
        ApiException e = refused(merchant, token, amount, currency, channel);
        assertThat(e.code()).as(e.getMessage()).isEqualTo(code);
        assertThat(e.param()).isEqualTo(param);
    }

    private static ApiException catchApi(Runnable action) {
        try {
            action.run();
        } catch (ApiException e) {
            return e;
        }
        throw new AssertionError("expected an ApiException");
    }

    private void lapse(String merchant, String token) {
        jdbc.sql("UPDATE tokens SET expires_at = now() - interval '1 second' WHERE id = ?")
                .param(tokens.findTokenId(merchant, token).orElseThrow()).update();
    }

    private boolean spent(long tokenId) {
        return jdbc.sql("SELECT used_at IS NOT NULL FROM tokens WHERE id = ?").param(tokenId).query(Boolean.class)
                .single();
    }

    private List<Map<String, Object>> securityEvents(String merchant) {
        return jdbc.sql("SELECT actor_type, actor_id, host(source_ip) AS source_ip, subject_id, details->>'token_hint' "
                        + "AS hint, details->>'route' AS route, details::text AS details FROM audit_events "
                        + "WHERE merchant_id = ? AND action = 'security.revoked_token_used'")
                .param(merchant).query().listOfRows();
    }
}
