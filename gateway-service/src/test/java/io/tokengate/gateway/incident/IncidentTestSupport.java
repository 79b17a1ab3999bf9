package io.tokengate.gateway.incident;

import static io.tokengate.gateway.support.OpsFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.tokengate.gateway.audit.Actor;
import io.tokengate.gateway.support.HttpTestClient;
import io.tokengate.gateway.token.IssuedToken;
import io.tokengate.gateway.token.TokenControls;
import io.tokengate.gateway.token.TokenFormat;
import io.tokengate.gateway.token.Tokens;
import io.tokengate.vault.card.CardPayload;
import io.tokengate.vault.card.Expiry;
import io.tokengate.vault.card.Luhn;
import io.tokengate.vault.card.Pan;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/** Test data for containment: tokens in bulk through the token service, ops users, requests. */
final class IncidentTestSupport {

    static final Actor IMPORTER = Actor.ops("bulk-import", "127.0.0.1");
    private static final AtomicLong CARD_NUMBERS = new AtomicLong(System.nanoTime() % 1_000_000_000L);

    private IncidentTestSupport() {
    }

    /**
     * {@code cards} distinct Visa cards with {@code perCard} tokens each, in one transaction through
     * {@link Tokens} (thousands in a second or two; the ops API would take minutes). Returns the values.
     */
    static List<String> bulkTokens(TransactionTemplate tx, Tokens tokens, String merchantId, int cards, int perCard,
                                   TokenFormat format) {
        return tx.execute(s -> {
            List<String> values = new ArrayList<>(cards * perCard);
            for (int c = 0; c < cards; c++) {
                IssuedToken first = tokens.vaultAndIssue(merchantId, card(), null, format, IMPORTER);
                values.add(first.token());
                for (int t = 1; t < perCard; t++) {
                    values.add(tokens.issue(merchantId, first.cardId(), null, format, IMPORTER).token());
                }
            }
            return values;
        });
    }

    /** One token with the given controls on a new card. */
    static String token(TransactionTemplate tx, Tokens tokens, String merchantId, TokenControls controls) {
        return tx.execute(s -> tokens.vaultAndIssue(merchantId, card(), controls, IMPORTER).token());
    }

    /** A fresh Luhn-valid Visa number (424242 range) with expiry 12/2034. */
    static CardPayload card() {
        String body = "424242" + String.format("%09d", CARD_NUMBERS.incrementAndGet() % 1_000_000_000L);
        return new CardPayload(Pan.parse(body + Luhn.checkDigit(body)), new Expiry(12, 2034), "A B");
    }

    /** Creates an ops user with the role and returns a client authenticated as it. */
    static HttpTestClient opsUser(HttpTestClient admin, HttpTestClient anonymous, String role) {
        String name = role + "-" + System.nanoTime();
        String password = "password-" + System.nanoTime();
        HttpResponse<String> created = admin.post("/ops/users", """
                {"username": "%s", "password": "%s", "role": "%s"}""".formatted(name, password, role));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return anonymous.basic(name, password);
    }

    static String chargeBody(String token, long amount) {
        return """
                {"token": "%s", "amount": %d, "currency": "EUR"}""".formatted(token, amount);
    }

    static JsonNode ok(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return json(response);
    }

    static String code(HttpResponse<String> response) {
        return json(response).path("code").asString();
    }
}
