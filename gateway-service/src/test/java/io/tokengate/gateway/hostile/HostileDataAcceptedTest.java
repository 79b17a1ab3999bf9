package io.tokengate.gateway.hostile;

import static io.tokengate.gateway.support.OpsFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.tokengate.gateway.support.HttpTestClient;
import io.tokengate.gateway.support.IntegrationTest;
import io.tokengate.gateway.support.OpsFixture;
import io.tokengate.gateway.support.OpsFixture.TestMerchant;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The few hostile strings the gateway rightly accepts: free text (a charge's description and
 * reference, a merchant's name) may hold anything printable, SQL and markup included. They must be
 * stored verbatim as data, never executed (the tables they name still exist, one row was added),
 * and rendered escaped on the hosted page.
 */
class HostileDataAcceptedTest extends IntegrationTest {

    private static final String SQL = "'); DROP TABLE charges; --";
    private static final String SCRIPT = "<script>alert(1)</script>";

    @Autowired
    JdbcClient jdbc;

    @Test
    void chargeWhenSqlAndScriptInFreeTextThenStoredVerbatimNotExecuted() {
        TestMerchant merchant = fixture().merchant();
        HttpTestClient api = merchant.client();
        String token = merchant.importCard("4242424242424242");
        long charges = count("charges");

        HttpResponse<String> created = api.post("/v1/charges", """
                {"token": "%s", "amount": 100, "currency": "EUR", "description": %s, "reference": %s}"""
                .formatted(token, OpsFixture.JSON.writeValueAsString(SQL), OpsFixture.JSON.writeValueAsString(SCRIPT)));

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode fetched = json(api.get("/v1/charges/" + json(created).get("id").asString()));
        assertThat(fetched.get("description").asString()).isEqualTo(SQL);
        assertThat(fetched.get("reference").asString()).isEqualTo(SCRIPT);
        assertThat(count("charges")).as("the charges table is still there, one row more").isEqualTo(charges + 1);
        assertThat(jdbc.sql("SELECT description FROM charges WHERE id = ?").param(fetched.get("id").asString())
                .query(String.class).single()).isEqualTo(SQL);
    }

    @Test
    void merchantNameWhenScriptThenStoredVerbatimAndEscapedOnTheHostedPage() {
        String name = SCRIPT + " " + SQL + " \"><img src=x onerror=alert(1)>";
        TestMerchant merchant = fixture().merchant(name, List.of("https://shop.example"));
        assertThat(json(ops().get("/ops/merchants/" + merchant.id())).get("name").asString()).isEqualTo(name);
        HttpResponse<String> session = merchant.client().post("/v1/checkout/sessions", """
                {"mode": "setup", "success_url": "https://shop.example/done", "cancel_url": "https://shop.example/cart"}""");
        assertThat(session.statusCode()).as(session.body()).isEqualTo(201);

        HttpResponse<String> page = http().get("/checkout/" + json(session).get("id").asString());

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain(SCRIPT)
                .doesNotContain("<img src=x");
        assertThat(count("merchants")).isPositive();
    }

    private long count(String table) {
        return jdbc.sql("SELECT count(*) FROM " + table).query(Long.class).single();
    }
}
