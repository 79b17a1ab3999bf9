package io.tokengate.gateway.hostile;

import static io.tokengate.gateway.support.OpsFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.tokengate.gateway.hostile.HostileCorpus.Encoded;
import io.tokengate.gateway.support.CheckoutBrowser;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/**
 * The hosted checkout pages under the hostile corpus. Hostile values go into real form posts that
 * carry a valid CSRF token (from the page, with its cookie), so they reach the card form's own
 * checks instead of stopping at CSRF; every answer must be a 4xx HTML page with no stack trace, no
 * echoed card number or CVC and nothing hostile rendered unescaped, and no card may be stored.
 */
class HostileCheckoutTest extends HostileTestSupport {

    private static final String CVC = "737";

    @Autowired
    ApplicationContext context;

    private Object properties;
    private int clientMaxAttempts;

    @BeforeEach
    void generousClientLimit() throws Exception {
        // Every hostile post comes from 127.0.0.1; the per-address card-testing limit has tests of its own.
        properties = context.getBean(Class.forName("io.tokengate.gateway.checkout.CheckoutProperties"));
        clientMaxAttempts = (int) properties.getClass().getMethod("getClientMaxAttempts").invoke(properties);
        properties.getClass().getMethod("setClientMaxAttempts", int.class).invoke(properties, 1_000_000);
    }

    @AfterEach
    void restoreClientLimit() throws Exception {
        properties.getClass().getMethod("setClientMaxAttempts", int.class).invoke(properties, clientMaxAttempts);
    }

    @Test
    void cardFormWhenHostileValuesPostedWithValidCsrfThenFormErrorPageAndNoCardStored() {
        String page = "/checkout/" + target().pageSessions().get(0);
        CheckoutBrowser browser = browser();
        assertThat(browser.get(page).statusCode()).isEqualTo(200);
        Map<String, List<String>> hostile = new LinkedHashMap<>();
        hostile.put("card_number", List.of("\uff14\uff12\uff14\uff12\uff14\uff12\uff14\uff12\uff14\uff12\uff14\uff12"
                        + "\uff14\uff12\uff14\uff12", "\u0664\u0662\u0664\u0662\u0664\u0662\u0664\u0662\u0664\u0662"
                        + "\u0664\u0662\u0664\u0662\u0664\u0662", "42424242424242\u004f2", "4242\u202e4242424242424",
                "4242\u200b424242424242", "4242\u0000424242424242", HostileCorpus.SQL.get(0), HostileCorpus.SQL.get(1),
                HostileCorpus.SCRIPT.get(0), "4242424242424241", "9".repeat(4_000), "4242-4242-4242-4241",
                "4242424242424242" + "0".repeat(30)));
        hostile.put("exp_month", List.of("1e400", "9223372036854775808", "-0", "1.5", "\uff11\uff12", "13", "00",
                HostileCorpus.SQL.get(0), "12\u0000"));
        hostile.put("exp_year", List.of("1e400", "99999999999999999999", "-2034", "20.34", "\uff12\uff10\uff13\uff14",
                "1999", HostileCorpus.SQL.get(2)));
        hostile.put("cvc", List.of("\uff17\uff13\uff17", "73", "73737", "' OR 1=1", "7\u00003", "<b>1</b>"));
        hostile.put("cardholder_name", List.of("\u0000", "A".repeat(5_000), "\u202eevil", "Ada\u0007Lovelace"));
        for (Map.Entry<String, List<String>> field : hostile.entrySet()) {
            for (String value : field.getValue()) {
                Map<String, String> form = card();
                form.put(field.getKey(), value);
                HttpResponse<String> r = browser.post(page, form);
                String what = "card form " + field.getKey() + " = " + printable(value);
                page(what, r.statusCode(), contentType(r), r.body());
                check(() -> assertThat(r.body()).as(what).doesNotContain(CVC));
            }
        }
        // Script and SQL in the name next to an invalid card: the name is shown again, escaped.
        for (String name : List.of(HostileCorpus.SCRIPT.get(0), HostileCorpus.SCRIPT.get(1), HostileCorpus.SQL.get(1))) {
            Map<String, String> form = card();
            form.put("card_number", "4242424242424241");
            form.put("cardholder_name", name);
            HttpResponse<String> r = browser.post(page, form);
            page("card form name " + name, r.statusCode(), contentType(r), r.body());
        }
    }

    @Test
    void cardFormWhenBodyMalformedThenPageAndNoCardStored() {
        String page = "/checkout/" + target().pageSessions().get(1);
        CheckoutBrowser browser = browser();
        assertThat(browser.get(page).statusCode()).as("the session's page").isEqualTo(200);
        String csrf = "_csrf=" + HostileCorpus.encode(browser.csrf());
        List<String> bodies = List.of(
                csrf + "&card_number=%FF%FE&exp_month=12&exp_year=2034&cvc=737&cardholder_name=A",
                csrf + "&card_number=%C0%AF&exp_month=12&exp_year=2034&cvc=737&cardholder_name=A",
                csrf + "&card_number=%ED%A0%80&exp_month=12&exp_year=2034&cvc=737&cardholder_name=A",
                csrf + "&card_number=%zz&exp_month=12",
                csrf + "&card_number=4242424242424242&card_number=4000000000000002&exp_month=12&exp_year=2034&cvc=737",
                csrf + "&" + "a=b&".repeat(5_000),
                csrf + "&cardholder_name=" + "N".repeat(20_000),
                csrf);
        for (String body : bodies) {
            HttpResponse<String> r = browser.postBody(page, "application/x-www-form-urlencoded", body);
            page("card form body " + Answers.abbreviate(body).substring(0, Math.min(120, body.length())),
                    r.statusCode(), contentType(r), r.body());
        }
        for (String type : List.of("application/json", "text/plain", "multipart/form-data; boundary=x")) {
            HttpResponse<String> r = browser.postBody(page, type, csrf + "&card_number=" + HostileCorpus.PAN);
            page("card form as " + type, r.statusCode(), contentType(r), r.body());
        }
        HttpResponse<String> big = browser.postBody(page, "application/x-www-form-urlencoded",
                csrf + "&cardholder_name=" + "x".repeat(70_000));
        page("card form over the body limit", big.statusCode(), contentType(big), big.body());
    }

    @Test
    void pagesWhenHostileSessionIdsOrNoCsrfThenPage() {
        CheckoutBrowser browser = browser();
        assertThat(browser.get("/checkout/" + target().pageSessions().get(2)).statusCode()).isEqualTo(200);
        for (Encoded id : HostileCorpus.pathSegments()) {
            for (String suffix : List.of("", "/challenge", "/cancel")) {
                String path = "/checkout/" + id.value() + suffix;
                HttpResponse<String> get = browser.get(path);
                page("GET " + id.name() + suffix, get.statusCode(), contentType(get), get.body());
                HttpResponse<String> post = browser.post(path, card());
                page("POST " + id.name() + suffix, post.statusCode(), contentType(post), post.body());
            }
        }
        HttpResponse<String> noCsrf = browser().postBody("/checkout/" + target().pageSessions().get(2),
                "application/x-www-form-urlencoded", "card_number=" + HostileCorpus.PAN + "&cvc=" + CVC);
        page("card form without CSRF", noCsrf.statusCode(), contentType(noCsrf), noCsrf.body());
        HttpResponse<String> forged = browser.postBody("/checkout/" + target().pageSessions().get(2),
                "application/x-www-form-urlencoded", "_csrf=" + HostileCorpus.encode("' OR 1=1--") + "&card_number="
                        + HostileCorpus.PAN);
        page("card form with a forged CSRF token", forged.statusCode(), contentType(forged), forged.body());
        String session = target().pageSessions().get(2);
        for (String line : List.of("/checkout/%2e%2e/%2e%2e/ops/users", "/checkout/" + session + "/..;/x",
                "/checkout//" + session, "/checkout/%00")) {
            RawHttp.Response r = raw().send(RawHttp.request("GET", line));
            page("raw GET " + line, r.status(), r.header("Content-Type").orElse(""), r.text());
        }
        RawHttp.Response twice = raw().send(RawHttp.request("GET", "/checkout/" + target().pageSessions().get(2))
                .header("Content-Type", "text/plain").header("Content-Type", "text/html"));
        page("checkout with Content-Type twice", twice.status(), twice.header("Content-Type").orElse(""),
                twice.text());
        HttpResponse<String> still = browser.get("/checkout/" + target().pageSessions().get(2));
        assertThat(still.statusCode()).as("the session is still open after the corpus").isEqualTo(200);
        assertThat(json(merchantApi().get("/v1/checkout/sessions/" + target().pageSessions().get(2))).get("status").asString())
                .isEqualTo("open");
        healthUp();
    }

    @Test
    void challengeFormWhenHostilePasscodesPostedWithValidCsrfThenChallengePageAndNothingStored() {
        String page = "/checkout/" + target().pageSessions().get(3);
        String challenge = page + "/challenge";
        CheckoutBrowser browser = browser();
        assertThat(browser.get(page).statusCode()).isEqualTo(200);
        Map<String, String> form = card();
        form.put("card_number", "4000000000003220");
        HttpResponse<String> submitted = browser.post(page, form);
        assertThat(submitted.statusCode()).as("the issuer asks for a challenge\n" + submitted.body()).isEqualTo(303);
        assertThat(browser.get(challenge).statusCode()).isEqualTo(200);
        // The legitimate card submission vaulted the card; from here on nothing may be stored.
        countAgain();
        for (String passcode : List.of("\uff11\uff12\uff13\uff14\uff15\uff16", "\u0661\u0662\u0663\u0664\u0665\u0666",
                "123456\u0000", "\u202e654321", "12 34 56", "-123456", "1e6", "12345678901", HostileCorpus.SQL.get(0),
                HostileCorpus.SQL.get(4), HostileCorpus.SCRIPT.get(0), HostileCorpus.SCRIPT.get(3), "9".repeat(20_000))) {
            HttpResponse<String> r = browser.post(challenge, Map.of("passcode", passcode));
            page("challenge passcode " + printable(passcode), r.statusCode(), contentType(r), r.body());
        }
        HttpResponse<String> raw = browser.postBody(challenge, "application/x-www-form-urlencoded",
                "_csrf=" + HostileCorpus.encode(browser.csrf()) + "&passcode=%FF%FE%00");
        page("challenge passcode as invalid UTF-8", raw.statusCode(), contentType(raw), raw.body());
        HttpResponse<String> still = browser.get(challenge);
        assertThat(still.statusCode()).as("malformed passcodes use up no tries: still the challenge").isEqualTo(200);
    }

    private static Map<String, String> card() {
        return CheckoutBrowser.card(HostileCorpus.PAN, CVC);
    }

    private static String contentType(HttpResponse<String> r) {
        return r.headers().firstValue("Content-Type").orElse("");
    }

    private static String printable(String value) {
        String shown = value.length() > 40 ? value.substring(0, 40) + "...(" + value.length() + ")" : value;
        return shown.chars().mapToObj(c -> c < 0x20 || c > 0x7e ? String.format("\\u%04x", c) : String.valueOf((char) c))
                .collect(Collectors.joining());
    }

    private CheckoutBrowser browser() {
        return new CheckoutBrowser("http://localhost:" + port);
    }
}
