package io.tokengate.gateway.token;

import static io.tokengate.gateway.support.OpsFixture.json;
import static io.tokengate.gateway.token.CardImportBuilder.AMEX;
import static io.tokengate.gateway.token.CardImportBuilder.MASTERCARD;
import static io.tokengate.gateway.token.CardImportBuilder.VISA;
import static io.tokengate.gateway.token.CardImportBuilder.importCard;
import static org.assertj.core.api.Assertions.assertThat;

import io.tokengate.gateway.support.IntegrationTest;
import io.tokengate.vault.card.CardBrand;
import io.tokengate.vault.card.Luhn;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

class OpsCardImportTest extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void importWhenValidVisaThenTokenObjectWithoutCardNumber() {
        String merchant = fixture().merchant().id();
        HttpResponse<String> response = importCard(ops(), merchant).expiry(9, 2031).send();

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode token = json(response);
        assertThat(token.get("object").asString()).isEqualTo("token");
        assertThat(token.get("token").asString()).matches("tok_[A-Za-z0-9]{24}");
        assertThat(token.get("status").asString()).isEqualTo("active");
        assertThat(token.get("format").asString()).isEqualTo("opaque");
        assertThat(token.get("merchant").asString()).isEqualTo(merchant);
        assertThat(token.get("card").get("brand").asString()).isEqualTo("visa");
        assertThat(token.get("card").get("last4").asString()).isEqualTo("4242");
        assertThat(token.get("card").get("exp_month").asInt()).isEqualTo(9);
        assertThat(token.get("card").get("exp_year").asInt()).isEqualTo(2031);
        JsonNode controls = token.get("controls");
        assertThat(controls.get("usage").asString()).isEqualTo("multi_use");
        assertThat(controls.get("channel").asString()).isEqualTo("any");
        assertThat(controls.get("max_amount").isNull()).isTrue();
        assertThat(controls.get("expires_at").isNull()).isTrue();
        assertThat(token.get("used").asBoolean()).isFalse();
        assertThat(Instant.parse(token.get("created_at").asString())).isBefore(Instant.now().plusSeconds(5));
        assertThat(response.body()).doesNotContain(VISA).doesNotContain("424242");
    }

    @Test
    void importWhenControlsGivenThenStoredAndShown() {
        String merchant = fixture().merchant().id();
        JsonNode token = importCard(ops(), merchant).number(MASTERCARD).singleUse().maxAmount(5000, "EUR")
                .control("channel", "merchant_initiated").control("expires_at", "2099-01-01T00:00:00Z").created();

        JsonNode controls = token.get("controls");
        assertThat(controls.get("usage").asString()).isEqualTo("single_use");
        assertThat(controls.get("max_amount").asLong()).isEqualTo(5000);
        assertThat(controls.get("max_amount_currency").asString()).isEqualTo("EUR");
        assertThat(controls.get("channel").asString()).isEqualTo("merchant_initiated");
        assertThat(Instant.parse(controls.get("expires_at").asString())).isEqualTo(Instant.parse("2099-01-01T00:00:00Z"));
        assertThat(token.get("card").get("brand").asString()).isEqualTo("mastercard");
        Map<String, Object> row = jdbc.sql("SELECT usage, max_amount, max_amount_currency, channel, format FROM tokens "
                + "WHERE merchant_id = ?").param(merchant).query().singleRow();
        assertThat(row).containsEntry("usage", "single_use").containsEntry("max_amount", 5000L)
                .containsEntry("max_amount_currency", "EUR").containsEntry("channel", "merchant_initiated");
    }

    @Test
    void importWhenFormatPreservingThenDigitsOfCardLengthWithLastFourFailingLuhnAndNoBrand() {
        String merchant = fixture().merchant().id();
        for (String number : List.of(VISA, MASTERCARD, AMEX)) {
            JsonNode created = importCard(ops(), merchant).number(number).formatPreserving().created();
            String token = created.get("token").asString();
            assertThat(token).as(number).matches("[0-9]+").hasSize(number.length()).isNotEqualTo(number)
                    .endsWith(number.substring(number.length() - 4));
            assertThat(Luhn.isValid(token)).as(token).isFalse();
            assertThat(CardBrand.detect(token)).isEqualTo(CardBrand.UNKNOWN);
            assertThat(created.get("format").asString()).isEqualTo("format_preserving");
            JsonNode fetched = json(merchantClient(merchant).get("/v1/tokens/" + token));
            assertThat(fetched.get("token").asString()).isEqualTo(token);
        }
    }

    @Test
    void importWhenNumberInvalidThenCardInvalidNamingNumberWithoutEchoingIt() {
        String merchant = fixture().merchant().id();
        Map<String, String> reasons = Map.of("4242424242424241", "pan_luhn", "4242-4242-4242-424x", "pan_characters",
                "42424242", "pan_length", "42424242424242424242424", "pan_length");
        reasons.forEach((number, reason) -> {
            HttpResponse<String> response = importCard(ops(), merchant).number(number).send();
            assertThat(response.statusCode()).as(number).isEqualTo(400);
            JsonNode problem = json(response);
            assertThat(problem.get("code").asString()).isEqualTo("card_invalid");
            assertThat(problem.get("param").asString()).isEqualTo("number");
            assertThat(problem.get("reason").asString()).as(number).isEqualTo(reason);
            assertThat(response.body()).doesNotContain(number).doesNotContain("42424242");
        });
        assertThat(jdbc.sql("SELECT count(*) FROM cards WHERE merchant_id = ?").param(merchant).query(Long.class)
                .single()).isZero();
    }

    @Test
    void importWhenExpiryOrNameInvalidThenCardInvalidNamingTheField() {
        String merchant = fixture().merchant().id();
        assertCardInvalid(importCard(ops(), merchant).expiry(13, 2030).send(), "exp_month", "expiry_invalid");
        assertCardInvalid(importCard(ops(), merchant).expiry(0, 2030).send(), "exp_month", "expiry_invalid");
        assertCardInvalid(importCard(ops(), merchant).expiry(1, 1999).send(), "exp_year", "expiry_invalid");
        assertCardInvalid(importCard(ops(), merchant).expiry(1, 30).send(), "exp_year", "expiry_invalid");
        // NUL never reaches the card checks: every JSON body is refused for it first (docs/security.md).
        assertProblem(importCard(ops(), merchant).field("cardholder_name", "Ada\u0000Lovelace").send(),
                "parameter_invalid", "cardholder_name");
        assertCardInvalid(importCard(ops(), merchant).field("cardholder_name", "Ada\u0007Lovelace").send(),
                "cardholder_name", "name_invalid");
        assertCardInvalid(importCard(ops(), merchant).field("cardholder_name", "A".repeat(101)).send(),
                "cardholder_name", "name_too_long");
    }

    @Test
    void importWhenCardExpiredThen422CardExpired() {
        String merchant = fixture().merchant().id();
        YearMonth lastMonth = YearMonth.now(ZoneOffset.UTC).minusMonths(1);
        HttpResponse<String> response = importCard(ops(), merchant).expiry(lastMonth.getMonthValue(),
                lastMonth.getYear()).send();
        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(json(response).get("code").asString()).isEqualTo("card_expired");
        assertThat(json(response).get("param").asString()).isIn("exp_month", "exp_year");

        YearMonth thisMonth = YearMonth.now(ZoneOffset.UTC);
        assertThat(importCard(ops(), merchant).expiry(thisMonth.getMonthValue(), thisMonth.getYear()).send()
                .statusCode()).isEqualTo(201);
    }

    @Test
    void importWhenFieldMissingOrUnknownThen400NamingIt() {
        String merchant = fixture().merchant().id();
        for (String field : List.of("number", "exp_month", "exp_year")) {
            HttpResponse<String> response = importCard(ops(), merchant).without(field).send();
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(json(response).get("code").asString()).isEqualTo("parameter_missing");
            assertThat(json(response).get("param").asString()).isEqualTo(field);
        }
        HttpResponse<String> cvc = importCard(ops(), merchant).field("cvc", "123").send();
        assertThat(json(cvc).get("code").asString()).isEqualTo("unknown_field");
        HttpResponse<String> numeric = importCard(ops(), merchant).field("number", Long.parseLong(VISA)).send();
        assertThat(numeric.statusCode()).isEqualTo(400);
        assertThat(json(numeric).get("param").asString()).isEqualTo("number");
        assertThat(numeric.body()).doesNotContain(VISA);
        assertThat(importCard(ops(), merchant).field("format", "fancy").send().statusCode()).isEqualTo(400);
    }

    @Test
    void importWhenControlsInvalidThenRefusedNamingTheControl() {
        String merchant = fixture().merchant().id();
        assertProblem(importCard(ops(), merchant).control("max_amount", 100).send(), "parameter_invalid",
                "controls.max_amount_currency");
        assertProblem(importCard(ops(), merchant).maxAmount(0, "EUR").send(), "amount_invalid", "controls.max_amount");
        assertProblem(importCard(ops(), merchant).maxAmount(100, "EURO").send(), "currency_invalid",
                "controls.max_amount_currency");
        assertProblem(importCard(ops(), merchant).control("usage", "twice").send(), "parameter_invalid", "controls.usage");
        assertProblem(importCard(ops(), merchant).control("channel", "phone").send(), "parameter_invalid",
                "controls.channel");
        assertProblem(importCard(ops(), merchant).control("expires_at", "2001-01-01T00:00:00Z").send(),
                "parameter_invalid", "controls.expires_at");
        assertProblem(importCard(ops(), merchant).control("colour", "red").send(), "unknown_field", "controls.colour");
        assertThat(jdbc.sql("SELECT count(*) FROM cards WHERE merchant_id = ?").param(merchant).query(Long.class)
                .single()).isZero();
    }

    @Test
    void importWhenMerchantUnknownThen404AndWhenAuditorThen403() {
        assertThat(importCard(ops(), "mer_doesnotexist00000000").send().statusCode()).isEqualTo(404);
        String merchant = fixture().merchant().id();
        String auditor = "auditor" + System.nanoTime();
        ops().post("/ops/users", """
                {"username": "%s", "password": "auditor-password-1", "role": "auditor"}""".formatted(auditor));
        HttpResponse<String> denied = importCard(http().basic(auditor, "auditor-password-1"), merchant).send();
        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(importCard(http(), merchant).send().statusCode()).isEqualTo(401);
    }

    @Test
    void importWhenSameCardTwiceThenOneCardRowAndTwoTokensEachWithItsControls() {
        String merchant = fixture().merchant().id();
        JsonNode first = importCard(ops(), merchant).created();
        JsonNode second = importCard(ops(), merchant).singleUse().created();

        assertThat(first.get("token").asString()).isNotEqualTo(second.get("token").asString());
        assertThat(second.get("controls").get("usage").asString()).isEqualTo("single_use");
        assertThat(jdbc.sql("SELECT count(*) FROM cards WHERE merchant_id = ?").param(merchant).query(Long.class)
                .single()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT count(DISTINCT card_id) FROM tokens WHERE merchant_id = ?").param(merchant)
                .query(Long.class).single()).isEqualTo(1);
        List<String> reused = jdbc.sql("SELECT details->>'card_reused' FROM audit_events WHERE merchant_id = ? "
                + "AND action = 'token.issued' ORDER BY id").param(merchant).query(String.class).list();
        assertThat(reused).containsExactly("false", "true");
    }

    @Test
    void importWhenSameCardForTwoMerchantsThenEachHasItsOwnCard() {
        String a = fixture().merchant().id();
        String b = fixture().merchant().id();
        importCard(ops(), a).created();
        importCard(ops(), b).created();
        List<String> cards = jdbc.sql("SELECT id FROM cards WHERE merchant_id IN (?, ?)").params(a, b)
                .query(String.class).list();
        assertThat(cards).hasSize(2).doesNotHaveDuplicates();
    }

    @Test
    void importWhenSameCardWithLaterExpiryThenCardRenewedForEveryToken() {
        String merchant = fixture().merchant().id();
        int year = YearMonth.now(ZoneOffset.UTC).getYear() + 2;
        String older = importCard(ops(), merchant).expiry(5, year).token();
        importCard(ops(), merchant).expiry(6, year + 1).created();
        JsonNode earlier = importCard(ops(), merchant).expiry(1, year).created();

        JsonNode card = json(merchantClient(merchant).get("/v1/tokens/" + older)).get("card");
        assertThat(card.get("exp_month").asInt()).isEqualTo(6);
        assertThat(card.get("exp_year").asInt()).isEqualTo(year + 1);
        assertThat(earlier.get("card").get("exp_year").asInt()).isEqualTo(year + 1);
        assertThat(jdbc.sql("SELECT count(*) FROM cards WHERE merchant_id = ?").param(merchant).query(Long.class)
                .single()).isEqualTo(1);
    }

    @Test
    void importWhenSameCardConcurrentlyThenOneCardRow() throws Exception {
        String merchant = fixture().merchant().id();
        List<Callable<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            calls.add(() -> importCard(ops(), merchant).number(AMEX).send().statusCode());
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (Future<Integer> f : pool.invokeAll(calls)) {
                assertThat(f.get()).isEqualTo(201);
            }
        }
        assertThat(jdbc.sql("SELECT count(*) FROM cards WHERE merchant_id = ?").param(merchant).query(Long.class)
                .single()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT count(*) FROM tokens WHERE merchant_id = ?").param(merchant).query(Long.class)
                .single()).isEqualTo(8);
    }

    @Test
    void importThenNeitherCardNumberNorTokenStoredInPlaintext() {
        String merchant = fixture().merchant().id();
        Set<String> tokens = new HashSet<>();
        for (String number : List.of(VISA, MASTERCARD, AMEX)) {
            tokens.add(importCard(ops(), merchant).number(number).token());
            tokens.add(importCard(ops(), merchant).number(number).formatPreserving().token());
        }
        List<byte[]> stored = new ArrayList<>();
        jdbc.sql("SELECT * FROM cards WHERE merchant_id = ?").param(merchant).query(rs -> {
            stored.addAll(columns(rs));
        });
        jdbc.sql("SELECT * FROM tokens WHERE merchant_id = ?").param(merchant).query(rs -> {
            stored.addAll(columns(rs));
        });
        jdbc.sql("SELECT details::text FROM audit_events WHERE merchant_id = ?").param(merchant)
                .query(String.class).list().forEach(s -> stored.add(s.getBytes()));
        assertThat(stored).hasSizeGreaterThan(20);
        for (byte[] column : stored) {
            String ascii = new String(column, java.nio.charset.StandardCharsets.ISO_8859_1);
            String hex = java.util.HexFormat.of().formatHex(column);
            for (String secret : concat(List.of(VISA, MASTERCARD, AMEX), tokens)) {
                assertThat(ascii).doesNotContain(secret);
                assertThat(hex).doesNotContain(java.util.HexFormat.of().formatHex(secret.getBytes()));
            }
            assertThat(ascii).doesNotContain("424242").doesNotContain("555555").doesNotContain("378282");
        }
    }

    private static List<byte[]> columns(java.sql.ResultSet rs) throws java.sql.SQLException {
        List<byte[]> out = new ArrayList<>();
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
            byte[] value = rs.getMetaData().getColumnTypeName(i).equals("bytea") ? rs.getBytes(i)
                    : rs.getString(i) == null ? null : rs.getString(i).getBytes();
            if (value != null) {
                out.add(value);
            }
        }
        return out;
    }

    private static List<String> concat(List<String> a, Set<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private io.tokengate.gateway.support.HttpTestClient merchantClient(String merchantId) {
        return fixture().client(fixture().issueKey(merchantId, "tokens:read"));
    }

    private static void assertCardInvalid(HttpResponse<String> response, String param, String reason) {
        assertProblem(response, "card_invalid", param);
        assertThat(json(response).get("reason").asString()).isEqualTo(reason);
    }

    private static void assertProblem(HttpResponse<String> response, String code, String param) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("application/problem+json"));
        JsonNode problem = json(response);
        assertThat(problem.get("code").asString()).as(response.body()).isEqualTo(code);
        assertThat(problem.get("param").asString()).isEqualTo(param);
    }
}
