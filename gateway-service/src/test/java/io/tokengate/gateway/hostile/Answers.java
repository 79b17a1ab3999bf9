package io.tokengate.gateway.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokengate.gateway.web.ErrorCode;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What every answer to a hostile request must look like: a 4xx (never 2xx, never 5xx), a problem
 * document with a catalogue code on API paths or an HTML page on checkout paths, no stack trace,
 * no card number and no secret in it.
 */
final class Answers {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<String> CODES = Arrays.stream(ErrorCode.values()).map(ErrorCode::code)
            .collect(Collectors.toSet());
    private static final List<String> STACK_TRACE_MARKERS = List.of("Exception", "\tat ", "at java.", "at org.",
            "at io.tokengate", "Caused by", "Whitelabel", "Apache Tomcat", "HTTP Status ");
    /** A run of 13 to 19 digits standing alone (not inside an id such as req_77c0173734371977...). */
    private static final Pattern DIGIT_RUN = Pattern.compile("(?<![0-9A-Za-z_])[0-9]{13,19}(?![0-9A-Za-z_])");

    private Answers() {
    }

    /** An API answer: 4xx problem+json with a known code, nothing leaked. */
    static void problem(String what, int status, String contentType, String body, String... secrets) {
        String context = what + " -> " + status + " " + contentType + "\n" + abbreviate(body);
        assertThat(status).as(context).isBetween(400, 499);
        assertThat(contentType).as(context).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(body);
        assertThat(CODES).as(context).contains(problem.path("code").asString());
        assertThat(problem.path("status").asInt()).as(context).isEqualTo(status);
        clean(context, body, secrets);
    }

    /** A checkout page answer: 4xx HTML, nothing leaked, nothing hostile rendered unescaped. */
    static void page(String what, int status, String contentType, String body, String... secrets) {
        String context = what + " -> " + status + " " + contentType + "\n" + abbreviate(body);
        assertThat(status).as(context).isBetween(400, 499);
        assertThat(contentType).as(context).startsWith("text/html");
        assertThat(body).as(context).containsIgnoringCase("<html");
        for (String script : HostileCorpus.SCRIPT) {
            if (script.startsWith("<") || script.startsWith("\">")) {
                assertThat(body).as(context).doesNotContain(script);
            }
        }
        clean(context, body, secrets);
    }

    /** No stack trace, no Luhn-valid card number, none of the given secrets. */
    static void clean(String context, String body, String... secrets) {
        for (String marker : STACK_TRACE_MARKERS) {
            assertThat(body).as(context).doesNotContain(marker);
        }
        Matcher digits = DIGIT_RUN.matcher(body);
        while (digits.find()) {
            assertThat(luhn(digits.group())).as(context + "\nechoes a card number").isFalse();
        }
        for (String secret : secrets) {
            assertThat(body).as(context + "\nechoes a secret").doesNotContain(secret);
        }
    }

    static boolean luhn(String digits) {
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            int d = digits.charAt(digits.length() - 1 - i) - '0';
            if (i % 2 == 1) {
                d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            }
            sum += d;
        }
        return sum % 10 == 0;
    }

    static String abbreviate(String body) {
        return body == null ? "<no body>" : body.length() > 600 ? body.substring(0, 600) + "..." : body;
    }
}
