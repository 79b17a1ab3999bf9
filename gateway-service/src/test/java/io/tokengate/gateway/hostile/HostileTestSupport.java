package io.tokengate.gateway.hostile;

import static io.tokengate.gateway.support.OpsFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.tokengate.gateway.support.HttpTestClient;
import io.tokengate.gateway.support.IntegrationTest;
import io.tokengate.gateway.support.OpsFixture.TestMerchant;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The target of the hostile tests: one merchant with a key holding every scope, a vaulted card and
 * its token, a captured and an authorized charge, a refund, a checkout session and a webhook
 * endpoint, so a hostile value can sit next to real ids and reach the deepest validation. Created
 * once per JVM; the business tables are counted before and after every test method.
 */
abstract class HostileTestSupport extends IntegrationTest {

    /** Real objects of the target merchant. */
    record Target(String merchant, String secret, String keyId, String token, String charge, String authorized,
                  String refund, String session, String endpoint, List<String> pageSessions) {
    }

    private static Target target;

    @Autowired
    JdbcClient jdbc;

    private Map<String, Long> before;
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void targetAndCountsBefore() {
        if (target == null) {
            target = createTarget();
        }
        before = new BusinessRows(jdbc).count();
    }

    /** Counts the business rows again: for a test whose legitimate setup steps store rows of their own. */
    void countAgain() {
        before = new BusinessRows(jdbc).count();
    }

    @AfterEach
    void everyAnswerCleanAndNothingStored() {
        List<String> all = List.copyOf(failures);
        failures.clear();
        assertThat(all).as(all.size() + " unclean answers; the first ones:\n" + String.join("\n\n",
                all.subList(0, Math.min(25, all.size())))).isEmpty();
        assertThat(new BusinessRows(jdbc).count()).as("business rows after the hostile batch").isEqualTo(before);
    }

    Target target() {
        return target;
    }

    /**
     * The ops user of these tests. Its row is written directly with a bcrypt cost of 4 instead of
     * the default 10, which the gateway's delegating encoder accepts as it accepts any bcrypt hash:
     * the hundreds of hostile ops requests then cost a millisecond each to authenticate instead of
     * ~70 ms, while authentication itself runs unchanged.
     */
    static final String OPS_USER = "hostile-ops";
    static final String OPS_PASSWORD = "hostile-ops-password-1";

    /** The target merchant's API, contract checks off (the hostile tests check every answer themselves). */
    HttpTestClient merchantApi() {
        return http().bearer(target.secret()).withoutContract();
    }

    HttpTestClient opsApi() {
        return http().basic(OPS_USER, OPS_PASSWORD).withoutContract();
    }

    /** The API the path belongs to, authenticated. */
    HttpTestClient api(String path) {
        return path.startsWith("/ops/") ? opsApi() : merchantApi();
    }

    /** The Authorization header value for the path's audience. */
    String authorization(String path) {
        return path.startsWith("/ops/") ? "Basic " + java.util.Base64.getEncoder()
                .encodeToString((OPS_USER + ":" + OPS_PASSWORD).getBytes(java.nio.charset.StandardCharsets.UTF_8))
                : "Bearer " + target.secret();
    }

    RawHttp raw() {
        return raw("127.0.0.1");
    }

    RawHttp raw(String loopback) {
        try {
            return new RawHttp(port, InetAddress.getByName(loopback));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Secrets no answer may contain. */
    String[] secrets() {
        return new String[] {target.secret(), ADMIN_PASSWORD, OPS_PASSWORD, HostileCorpus.PAN};
    }

    void problem(String what, HttpResponse<String> r) {
        check(() -> Answers.problem(what, r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body(),
                secrets()));
    }

    void problem(String what, RawHttp.Response r) {
        check(() -> Answers.problem(what, r.status(), r.header("Content-Type").orElse(""), r.text(), secrets()));
    }

    void page(String what, int status, String contentType, String body) {
        check(() -> Answers.page(what, status, contentType, body, secrets()));
    }

    /** Runs one assertion; a failure is collected, so one run reports every unclean answer, not the first. */
    void check(Runnable assertion) {
        try {
            assertion.run();
        } catch (AssertionError e) {
            failures.add(e.getMessage());
        }
    }

    /** Runs {@code work} for each item on six threads: thousands of requests, mostly waiting on I/O. */
    static <T> void inParallel(List<T> items, java.util.function.Consumer<T> work) {
        java.util.concurrent.ForkJoinPool pool = new java.util.concurrent.ForkJoinPool(6);
        try {
            pool.submit(() -> items.parallelStream().forEach(work)).join();
        } finally {
            pool.shutdown();
        }
    }

    void healthUp() {
        HttpResponse<String> health = http().get("/actuator/health");
        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        assertThat(json(health).get("status").asString()).isEqualTo("UP");
    }

    private Target createTarget() {
        jdbc.sql("INSERT INTO ops_users (username, password_hash, role, created_by) VALUES (?, ?, 'admin', 'hostile-test')")
                .params(OPS_USER, "{bcrypt}" + new org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder(4)
                        .encode(OPS_PASSWORD)).update();
        TestMerchant merchant = fixture().merchant(
                // Base 36: a run of 13+ digits on a page could pass Luhn by chance and read as an echoed card.
                "Hostile target " + Long.toString(System.nanoTime(), 36), java.util.List.of("https://shop.example"));
        String secret = fixture().issueKey(merchant.id(), TestMerchant.ALL_SCOPES);
        HttpTestClient api = http().bearer(secret);
        String keyId = json(ops().get("/ops/merchants/" + merchant.id() + "/keys")).get("data").get(0).get("id").asString();
        String token = merchant.importCard(HostileCorpus.PAN);
        String charge = created(api.post("/v1/charges", """
                {"token": "%s", "amount": 5000, "currency": "EUR", "channel": "merchant_initiated"}""".formatted(token)));
        String authorized = created(api.post("/v1/charges", """
                {"token": "%s", "amount": 700, "currency": "EUR", "capture": false, "channel": "merchant_initiated"}"""
                .formatted(token)));
        String refund = created(api.post("/v1/refunds", "{\"charge\": \"" + charge + "\", \"amount\": 100}"));
        String session = created(api.post("/v1/checkout/sessions", """
                {"mode": "setup", "success_url": "https://shop.example/done", "cancel_url": "https://shop.example/cart"}"""));
        String endpoint = created(api.post("/v1/webhook-endpoints",
                "{\"url\": \"https://shop.example/hooks\", \"events\": [\"charge.succeeded\"]}"));
        // One session per checkout page test, so a card wrongly accepted by one test cannot hide another's findings.
        List<String> pageSessions = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            pageSessions.add(created(api.post("/v1/checkout/sessions", """
                    {"mode": "setup", "success_url": "https://shop.example/done", "cancel_url": "https://shop.example/cart"}""")));
        }
        return new Target(merchant.id(), secret, keyId, token, charge, authorized, refund, session, endpoint,
                List.copyOf(pageSessions));
    }

    private static String created(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json(response).get("id").asString();
    }
}
