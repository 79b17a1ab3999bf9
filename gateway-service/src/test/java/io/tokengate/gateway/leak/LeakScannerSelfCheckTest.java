package io.tokengate.gateway.leak;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokengate.gateway.support.HttpTestClient;
import io.tokengate.gateway.support.IntegrationTest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The leak scanners must find what is there, or {@link LeakScanTest} passes for nothing: values are
 * planted in every form the scan claims to cover (a scratch schema's columns of each kind, a DEBUG
 * line and an exception message of a gateway logger, an HTTP answer) and each must be reported, while
 * a documented answer is tolerated for its own value only.
 */
class LeakScannerSelfCheckTest extends IntegrationTest {

    private static final String SCHEMA = "leak_selfcheck";

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void databaseWhenPanPlantedInEachColumnKindAndEncodingThenEachIsFound() {
        String pan = Pans.visa();
        String secret = "sk_" + Pans.random(40);
        String cvc = Pans.cvc();
        Needles needles = new Needles().pan("planted pan", pan).secret("planted secret", secret).cvc("planted cvc", cvc);
        byte[] ascii = pan.getBytes(StandardCharsets.US_ASCII);
        jdbc.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        jdbc.execute("CREATE SCHEMA " + SCHEMA);
        try {
            jdbc.execute("CREATE TABLE " + SCHEMA + ".scratch (id int, t text, v varchar(200), j jsonb, b bytea, "
                    + "a text[], n bigint)");
            String spaced = pan.replaceAll("(\\d{4})(?=\\d)", "$1 ");
            insert(1, "t", "note " + spaced + " end");
            insert(2, "v", "x-" + HexFormat.of().formatHex(ascii) + "-y");
            jdbc.update("INSERT INTO " + SCHEMA + ".scratch (id, j) VALUES (3, ?::jsonb)",
                    "{\"card\": {\"number\": \"" + pan.replaceAll("(\\d{4})(?=\\d)", "$1-") + "\"}}");
            jdbc.update("INSERT INTO " + SCHEMA + ".scratch (id, b) VALUES (4, ?)", concat(new byte[] {7, 1}, ascii));
            jdbc.update("INSERT INTO " + SCHEMA + ".scratch (id, b) VALUES (5, ?)", pan.getBytes(StandardCharsets.UTF_16LE));
            jdbc.update("INSERT INTO " + SCHEMA + ".scratch (id, a) VALUES (6, ?::text[])", "{a,\"z" + secret + "\"}");
            jdbc.update("INSERT INTO " + SCHEMA + ".scratch (id, n) VALUES (7, ?)", Long.parseLong(pan));
            insert(8, "t", "blob:" + Base64.getEncoder().encodeToString(("x" + pan + "yz").getBytes(StandardCharsets.US_ASCII)));
            insert(9, "v", "form cvc=" + cvc + "&x=1");

            DatabaseScan.Result result = new DatabaseScan(jdbc).scan(needles, SCHEMA);

            assertThat(String.join("\n", result.hits()))
                    .contains("scratch\".t: [planted pan (spaced)")
                    .contains("planted pan (base64+1)")
                    .contains("scratch\".v: [planted pan (hex)")
                    .contains("planted cvc (next to its label)")
                    .contains("scratch\".j: [planted pan (dashed)]")
                    .contains("scratch\".b: [planted pan (plain)")
                    .contains("planted pan (utf-16le)")
                    .contains("scratch\".a: [planted secret (plain)]")
                    .contains("scratch\".n: [planted pan (plain)]");
            assertThat(result.tables()).isEqualTo(1);
        } finally {
            jdbc.execute("DROP SCHEMA " + SCHEMA + " CASCADE");
        }
    }

    @Test
    void databaseWhenNothingPlantedThenNoHitAndUnrelatedDigitsIgnored() {
        String pan = Pans.visa();
        jdbc.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        jdbc.execute("CREATE SCHEMA " + SCHEMA);
        try {
            jdbc.execute("CREATE TABLE " + SCHEMA + ".scratch (t text, b bytea)");
            // The last four alone (what the gateway shows) and a masked number are not the card number.
            jdbc.update("INSERT INTO " + SCHEMA + ".scratch VALUES (?, ?)", "visa " + pan.substring(0, 6) + "******"
                    + pan.substring(12), pan.substring(12).getBytes(StandardCharsets.US_ASCII));
            assertThat(new DatabaseScan(jdbc).scan(new Needles().pan("planted pan", pan), SCHEMA).hits()).isEmpty();
        } finally {
            jdbc.execute("DROP SCHEMA " + SCHEMA + " CASCADE");
        }
    }

    @Test
    void logsWhenPanLoggedAtDebugOrInAnExceptionThenFound() {
        String pan = Pans.mastercard();
        String secret = "whsec_" + Pans.random(30);
        Needles needles = new Needles().pan("planted pan", pan).secret("planted secret", secret);
        try (LogCapture logs = new LogCapture()) {
            var log = LoggerFactory.getLogger("io.tokengate.gateway.leak.Planted");
            // Deliberately planted: a random synthetic test number under a test-only logger, to prove
            // the scanner would catch a production log line like this one.
            log.debug("card {}", pan);
            log.warn("failed", new IllegalStateException("secret was " + secret));
            System.err.println("stray " + pan.substring(0, 4) + " " + pan.substring(4, 8) + " " + pan.substring(8, 12)
                    + " " + pan.substring(12));

            List<String> found = logs.lines().stream().flatMap(l -> needles.find(l).stream()).toList();

            assertThat(found).contains("planted pan (plain)", "planted secret (plain)", "planted pan (spaced)");
        }
    }

    @Test
    void trafficWhenValueInAnAnswerThenFoundUnlessThatAnswerDocumentsThatValue() throws Exception {
        String secret = "sk_" + Pans.random(40);
        String other = "chk_" + Pans.random(40);
        Needles needles = new Needles().secret("planted secret", secret).secret("other secret", other);
        Traffic traffic = new Traffic();
        try (AutoCloseable recording = HttpTestClient.onEveryResponse(traffic::response)) {
            // The gateway echoes nothing of an unknown path; the planted answer is a webhook-like message.
            http().get("/v1/does-not-exist");
        }
        traffic.webhook("/planted", java.util.Map.of("X-Planted", List.of(Base64.getEncoder()
                .encodeToString(secret.getBytes(StandardCharsets.UTF_8)))), "{\"a\": \"" + secret + "\", \"b\": \""
                + other + "\"}");
        assertThat(traffic.scan(needles)).hasSize(1).first().asString()
                .contains("planted secret (plain)").contains("planted secret (base64+0)").contains("other secret (plain)");

        traffic.documents(traffic.last(), "planted secret");

        assertThat(traffic.scan(needles)).hasSize(1).first().asString()
                .doesNotContain("planted secret").contains("other secret (plain)");
        assertThat(traffic.size()).isEqualTo(2);
    }

    private void insert(int id, String column, String value) {
        jdbc.update("INSERT INTO " + SCHEMA + ".scratch (id, " + column + ") VALUES (?, ?)", id, value);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
