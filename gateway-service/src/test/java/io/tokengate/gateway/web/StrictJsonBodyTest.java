package io.tokengate.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokengate.gateway.support.HttpTestClient;
import io.tokengate.gateway.support.IntegrationTest;
import io.tokengate.gateway.support.Utf8;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Pins the exact answer (status, code, param, detail) to JSON bodies that break a strict-JSON rule:
 * strings with NUL, unpaired surrogates or over {@value #LIMIT} characters anywhere in the document
 * (nested, in arrays, in property names), duplicate keys at any depth, invalid UTF-8 and foreign
 * charsets, and which rule answers when a body breaks two of them. The hostile suites check that such
 * bodies are refused; this one checks how, so the checks can move without the answers changing.
 */
class StrictJsonBodyTest extends IntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int LIMIT = 8_192;
    private static final String APPROVALS = "/ops/approvals";
    private static final String CHARGES = "/v1/charges";
    private static final String TYPE = "application/json";
    private static volatile HttpTestClient merchant;

    /**
     * One request and the answer it must get; a null param means the answer has none, a detail ending
     * in "..." is a prefix.
     */
    record Case(String name, String path, String contentType, byte[] body, int status, String code, String param,
                String detail) {
        @Override
        public String toString() {
            return name;
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void bodyWhenItBreaksAStrictJsonRuleThenExactlyThisProblem(Case c) {
        HttpTestClient client = c.path().equals(CHARGES) ? merchant() : ops();
        HttpResponse<String> r = client.sendBytes("POST", c.path(), c.contentType(), c.body());
        JsonNode problem = JSON.readTree(r.body());
        String what = c.name() + " -> " + r.statusCode() + " " + r.body();
        assertThat(r.statusCode()).as(what).isEqualTo(c.status());
        assertThat(r.headers().firstValue("Content-Type").orElse("")).as(what).startsWith("application/problem+json");
        assertThat(problem.path("code").asString()).as(what).isEqualTo(c.code());
        if (c.param() == null) {
            assertThat(problem.has("param")).as(what).isFalse();
        } else {
            assertThat(problem.path("param").asString()).as(what).isEqualTo(c.param());
        }
        if (c.detail().endsWith("...")) {
            assertThat(problem.path("detail").asString()).as(what).startsWith(c.detail().replace("...", ""));
        } else {
            assertThat(problem.path("detail").asString()).as(what).isEqualTo(c.detail());
        }
    }

    static Stream<Case> cases() {
        List<Case> out = new ArrayList<>();
        // NUL and unpaired surrogates, as escapes, at every depth and position.
        out.add(invalid("NUL in a top-level value", "{'action': 'a\\u0000b'}", "action", "a NUL character"));
        out.add(invalid("NUL in a nested value", "{'action': 'x', 'params': {'a': {'b': 'x\\u0000'}}}", "params.a.b",
                "a NUL character"));
        out.add(invalid("NUL in an array element", "{'action': 'x', 'params': {'list': ['ok', 'a\\u0000']}}",
                "params.list.1", "a NUL character"));
        out.add(invalid("NUL in a nested property name", "{'action': 'x', 'params': {'a\\u0000': 1}}", "params.a\u0000",
                "a NUL character"));
        out.add(invalid("NUL in an unknown top-level property name", "{'bogus\\u0000': 1}", "bogus\u0000",
                "a NUL character"));
        out.add(invalid("lone high surrogate in a value", "{'action': '\\ud800'}", "action", "an unpaired surrogate"));
        out.add(invalid("lone high surrogate at the end of a nested value", "{'action': 'x', 'params': {'a': 'x\\ud800'}}",
                "params.a", "an unpaired surrogate"));
        out.add(invalid("lone low surrogate in an array element", "{'action': 'x', 'params': {'l': ['\\udc00']}}",
                "params.l.0", "an unpaired surrogate"));
        out.add(invalid("reversed surrogate pair", "{'reason': '\\udc00\\ud800'}", "reason", "an unpaired surrogate"));
        // The parser itself refuses an escaped lone surrogate in a name (it cannot encode it for its symbol table).
        out.add(malformed("lone surrogate in a nested property name", "{'action': 'x', 'params': {'\\ud800': 1}}"));
        out.add(invalid("property name with '/' and '~' escaped in the param", "{'action': 'x', 'params': {'a/b~c': '\\u0000'}}",
                "params.a~1b~0c", "a NUL character"));
        out.add(new Case("a string as the whole body", APPROVALS, TYPE, utf8("'a\\u0000'"), 400, "parameter_invalid",
                null, "A string contains a NUL character."));
        // The length limit, on values and names, at and over it.
        out.add(unknownAction("nested value of exactly " + LIMIT + " characters passes the string rule",
                "{'action': 'no.such_action', 'params': {'note': '" + "n".repeat(LIMIT) + "'}}"));
        out.add(invalid("nested value one character over the limit",
                "{'action': 'no.such_action', 'params': {'note': '" + "n".repeat(LIMIT + 1) + "'}}", "params.note",
                "more than " + LIMIT + " characters"));
        out.add(unknownAction("nested property name of exactly " + LIMIT + " characters passes the string rule",
                "{'action': 'no.such_action', 'params': {'" + "k".repeat(LIMIT) + "': 1}}"));
        out.add(invalid("nested property name one character over the limit",
                "{'action': 'no.such_action', 'params': {'" + "k".repeat(LIMIT + 1) + "': 1}}",
                "params." + "k".repeat(LIMIT + 1), "more than " + LIMIT + " characters"));
        out.add(unknownAction("a valid surrogate pair passes the string rule",
                "{'action': 'no.such_action', 'params': {'emoji': '\\ud83d\\ude00 \uD83D\uDE00'}}"));
        // Duplicate keys at any depth: malformed, no param.
        out.add(malformed("duplicate top-level key", "{'action': 'x', 'action': 'y'}"));
        out.add(malformed("duplicate key in a nested object", "{'action': 'x', 'params': {'a': {'b': 1, 'b': 2}}}"));
        out.add(malformed("duplicate key in an object inside an array", "{'action': 'x', 'params': {'l': [{'k': 1, 'k': 1}]}}"));
        // Bytes and charsets: refused before any string rule.
        out.add(new Case("overlong UTF-8 before a NUL escape", APPROVALS, TYPE,
                Utf8.around("{\"action\": \"a", new byte[] {(byte) 0xc0, (byte) 0xaf}, "\", \"reason\": \"\\u0000\"}"),
                400, "malformed_json", null, "The request body is not valid UTF-8."));
        out.add(new Case("UTF-8 encoded surrogate", APPROVALS, TYPE,
                Utf8.around("{\"action\": \"", new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, "\"}"),
                400, "malformed_json", null, "The request body is not valid UTF-8."));
        out.add(new Case("truncated UTF-8 sequence at the end", APPROVALS, TYPE,
                Utf8.around("{\"action\": \"x\"}", new byte[] {(byte) 0xe2, (byte) 0x82}, ""),
                400, "malformed_json", null, "The request body is not valid UTF-8."));
        out.add(new Case("four-byte sequence above U+10FFFF", APPROVALS, TYPE,
                Utf8.around("{\"action\": \"", new byte[] {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, "\"}"),
                400, "malformed_json", null, "The request body is not valid UTF-8."));
        out.add(new Case("charset iso-8859-1", APPROVALS, "application/json; charset=iso-8859-1", utf8("{'action': 'x'}"),
                415, "unsupported_media_type", null,
                "Send the body as application/json in UTF-8 (charset=utf-8 or no charset)."));
        out.add(new Case("a +json media type", APPROVALS, "application/merge-patch+json", utf8("{'action': 'x'}"),
                415, "unsupported_media_type", null, "Send the body as application/json."));
        out.add(unknownAction("charset utf-8 and multi-byte characters are accepted",
                "{'action': 'no.such_action', 'reason': 'caf\u00e9 \u20ac \uD83D\uDE00'}"));
        // Which rule answers when a body breaks two: a string rule anywhere before the first syntax
        // error wins over what binding would say; a syntax error (or duplicate key) before it wins.
        out.add(invalid("unknown field, then a NUL", "{'bogus': 1, 'action': 'a\\u0000'}", "action", "a NUL character"));
        out.add(invalid("wrong type, then a NUL", "{'params': 'not an object', 'reason': 'a\\u0000'}", "reason",
                "a NUL character"));
        out.add(invalid("a NUL inside an unknown field's object", "{'bogus': {'x': '\\u0000'}}", "bogus.x",
                "a NUL character"));
        out.add(invalid("NUL, then a duplicate key", "{'reason': '\\u0000', 'action': 'x', 'action': 'y'}", "reason",
                "a NUL character"));
        out.add(malformed("duplicate key, then a NUL", "{'action': 'x', 'action': 'y', 'reason': '\\u0000'}"));
        out.add(invalid("NUL, then a syntax error", "{'reason': '\\u0000',, }", "reason", "a NUL character"));
        out.add(malformed("syntax error, then a NUL", "{'action': 'x',, 'reason': '\\u0000'}"));
        out.add(invalid("a second document holding a NUL", "{'action': 'x'} {'reason': '\\u0000'}", "reason",
                "a NUL character"));
        out.add(invalid("a second document that is a lone surrogate", "{'action': 'x'} '\\ud800'", null,
                "an unpaired surrogate"));
        out.add(new Case("unknown field alone", APPROVALS, TYPE, utf8("{'action': 'x', 'bogus': 1}"), 400, "unknown_field",
                "bogus", "The field 'bogus' is not accepted by this endpoint."));
        // The hot path: the charge body.
        out.add(new Case("charge: NUL in the description", CHARGES, TYPE,
                utf8("{'token': 'tok_x', 'amount': 100, 'currency': 'EUR', 'description': 'a\\u0000'}"), 400,
                "parameter_invalid", "description", "The field 'description' contains a NUL character."));
        out.add(new Case("charge: lone surrogate in the reference", CHARGES, TYPE,
                utf8("{'token': 'tok_x', 'amount': 100, 'currency': 'EUR', 'reference': '\\udfff'}"), 400,
                "parameter_invalid", "reference", "The field 'reference' contains an unpaired surrogate."));
        out.add(new Case("charge: description over the limit", CHARGES, TYPE,
                utf8("{'token': 'tok_x', 'amount': 100, 'currency': 'EUR', 'description': '" + "d".repeat(LIMIT + 1) + "'}"),
                400, "parameter_invalid", "description",
                "The field 'description' contains more than " + LIMIT + " characters."));
        out.add(new Case("charge: duplicate amount", CHARGES, TYPE,
                utf8("{'token': 'tok_x', 'amount': 100, 'amount': 1, 'currency': 'EUR'}"), 400, "malformed_json", null,
                "The request body is not valid JSON."));
        out.add(new Case("charge: amount as a string, then a NUL", CHARGES, TYPE,
                utf8("{'token': 'tok_x', 'amount': '100', 'currency': 'EUR', 'description': '\\u0000'}"), 400,
                "parameter_invalid", "description", "The field 'description' contains a NUL character."));
        out.add(new Case("charge: amount as a string", CHARGES, TYPE,
                utf8("{'token': 'tok_x', 'amount': '100', 'currency': 'EUR'}"), 400, "parameter_invalid", "amount",
                "The field 'amount' has a value of the wrong type or format."));
        return out.stream();
    }

    private HttpTestClient merchant() {
        HttpTestClient m = merchant;
        if (m == null) {
            m = fixture().merchant().client("charges:write");
            merchant = m;
        }
        return m;
    }

    private static Case invalid(String name, String json, String param, String problem) {
        String detail = (param == null ? "A string" : "The field '" + param + "'") + " contains " + problem + ".";
        return new Case(name, APPROVALS, TYPE, utf8(json), 400, "parameter_invalid", param, detail);
    }

    private static Case malformed(String name, String json) {
        return new Case(name, APPROVALS, TYPE, utf8(json), 400, "malformed_json", null,
                "The request body is not valid JSON.");
    }

    /** The string rules let the body through: the approval service then refuses the unknown action. */
    private static Case unknownAction(String name, String json) {
        return new Case(name, APPROVALS, TYPE, utf8(json), 400, "parameter_invalid", "action",
                "Unknown action. Known actions: ...");
    }

    /** JSON written with single quotes for readability; no body here needs a literal one. */
    private static byte[] utf8(String singleQuoted) {
        return singleQuoted.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
    }
}
