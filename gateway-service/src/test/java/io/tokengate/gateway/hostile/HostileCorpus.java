package io.tokengate.gateway.hostile;

import io.tokengate.gateway.support.Utf8;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The hostile inputs, by where they go: whole bodies, JSON values for string and integer fields,
 * path segments and query values. Each entry has a name so a failure says which payload it was.
 * The test PAN below must never come back in any answer.
 */
final class HostileCorpus {

    static final String PAN = "4242424242424242";
    static final String MAX_BODY_PLUS = "x".repeat(70_000);

    private HostileCorpus() {
    }

    record Payload(String name, byte[] bytes) {
        static Payload of(String name, String text) {
            return new Payload(name, text.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** A value put into a JSON document verbatim (already JSON: {@code "\"x\""}, {@code 1e400}). */
    record JsonValue(String name, String json) {
    }

    /** A path segment or query value, already percent-encoded where it has to be. */
    record Encoded(String name, String value) {
    }

    static final List<String> SQL = List.of(
            "' OR '1'='1",
            "'; DROP TABLE charges; --",
            "1 UNION SELECT secret_hash, null FROM api_keys--",
            "\" OR \"\"=\"",
            "1); SELECT pg_sleep(5)--",
            "$$; DELETE FROM tokens; $$",
            "\\'; COPY (SELECT 1) TO PROGRAM 'id'; --");

    static final List<String> SCRIPT = List.of(
            "<script>alert(1)</script>",
            "\"><img src=x onerror=alert(1)>",
            "javascript:alert(1)",
            "[[${T(java.lang.Runtime).getRuntime().exec('id')}]]",
            "__${7*7}__::.x",
            "{{7*7}}${7*7}");

    /** Bodies that are not a JSON document (or not UTF-8, or too deep, or too long a number). */
    static List<Payload> brokenBodies() {
        List<Payload> out = new ArrayList<>();
        out.add(Payload.of("truncated object", "{\"amount\": "));
        out.add(Payload.of("unclosed string", "{\"name\": \"abc"));
        out.add(Payload.of("trailing comma", "{\"amount\": 1,}"));
        out.add(Payload.of("single quotes", "{'amount': 1}"));
        out.add(Payload.of("two documents", "{} {}"));
        out.add(Payload.of("bare word", "nul"));
        out.add(Payload.of("NaN", "{\"amount\": NaN}"));
        out.add(Payload.of("comment", "{/* x */}"));
        out.add(Payload.of("bad escape", "{\"name\": \"\\x41\"}"));
        out.add(Payload.of("raw control character in string", "{\"name\": \"a\u0001b\"}"));
        out.add(Payload.of("duplicate key", "{\"amount\": 1, \"amount\": 2}"));
        out.add(Payload.of("array instead of object", "[]"));
        out.add(Payload.of("string instead of object", "\"x\""));
        out.add(Payload.of("deep arrays 10000", "[".repeat(10_000) + "]".repeat(10_000)));
        out.add(Payload.of("deep objects 10000", "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000)));
        out.add(Payload.of("5000-digit number", "{\"amount\": " + "9".repeat(5_000) + "}"));
        out.add(Payload.of("unknown field with script name", "{\"<script>alert(1)</script>\": 1}"));
        out.add(Payload.of("NUL in a property name", "{\"a\\u0000\": 1}"));
        out.add(new Payload("invalid UTF-8 bytes", Utf8.around("{\"name\": \"", new byte[] {(byte) 0xc3, 0x28, (byte) 0xff}, "\"}")));
        out.add(new Payload("overlong UTF-8 slash", Utf8.around("{\"name\": \"a", new byte[] {(byte) 0xc0, (byte) 0xaf}, "\"}")));
        out.add(new Payload("UTF-8 encoded surrogate", Utf8.around("{\"name\": \"", new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, "\"}")));
        out.add(new Payload("UTF-16 body", "{\"name\": \"a\"}".getBytes(StandardCharsets.UTF_16)));
        out.add(new Payload("NUL bytes", new byte[] {0, 0, 0, 0}));
        return out;
    }

    /** Values every string field must refuse, whatever it means. */
    static List<JsonValue> badStringValues() {
        return List.of(
                new JsonValue("NUL inside", "\"a\\u0000b\""),
                new JsonValue("lone high surrogate", "\"\\ud800\""),
                new JsonValue("lone low surrogate", "\"x\\udc00y\""),
                new JsonValue("reversed surrogate pair", "\"\\udc00\\ud800\""),
                new JsonValue("60 KB string", "\"" + "A".repeat(60_000) + "\""),
                new JsonValue("number for a string", "12"),
                new JsonValue("boolean for a string", "true"),
                new JsonValue("object for a string", "{\"$gt\": \"\"}"),
                new JsonValue("array for a string", "[\"a\"]"));
    }

    /** Values every integer field must refuse. */
    static List<JsonValue> badIntegerValues() {
        return List.of(
                new JsonValue("1e400", "1e400"),
                new JsonValue("2^63", "9223372036854775808"),
                new JsonValue("-2^63-1", "-9223372036854775809"),
                new JsonValue("-0", "-0"),
                new JsonValue("1.5", "1.5"),
                new JsonValue("1e2 as float", "1.0e2"),
                new JsonValue("string digits", "\"100\""),
                new JsonValue("full-width digits", "\"\uff11\uff10\uff10\""),
                new JsonValue("SQL in a number field", "\"1 OR 1=1\""),
                new JsonValue("boolean", "true"),
                new JsonValue("array", "[1]"));
    }

    /** Path segments: injections, traversal, tricks; percent-encoded for a URI. */
    static List<Encoded> pathSegments() {
        List<Encoded> out = new ArrayList<>();
        SQL.forEach(s -> out.add(new Encoded("SQL " + s, encode(s))));
        SCRIPT.forEach(s -> out.add(new Encoded("script " + s, encode(s))));
        out.add(new Encoded("traversal ../", "..%2F..%2Fops%2Fusers"));
        out.add(new Encoded("traversal %2e%2e", "%2e%2e"));
        out.add(new Encoded("double-encoded traversal", "%252e%252e%252fops"));
        out.add(new Encoded("backslash traversal", "..%5C..%5Cops"));
        out.add(new Encoded("NUL byte", "ch_1%00.json"));
        out.add(new Encoded("overlong slash", "%C0%AF"));
        out.add(new Encoded("invalid UTF-8", "%FF%FE"));
        out.add(new Encoded("UTF-8 surrogate", "%ED%A0%80"));
        out.add(new Encoded("RTL override", encode("tok_\u202Egnp.exe")));
        out.add(new Encoded("full-width digits", encode("\uff14\uff12\uff14\uff12")));
        out.add(new Encoded("homoglyph prefix", encode("\u0441h_abc")));
        out.add(new Encoded("zero-width space", encode("ch_\u200Babc")));
        out.add(new Encoded("4 KB id", "a".repeat(4_096)));
        out.add(new Encoded("PAN as id", PAN));
        return out;
    }

    /** Query values for filters, cursors and limits. */
    static List<Encoded> queryValues() {
        List<Encoded> out = new ArrayList<>();
        SQL.forEach(s -> out.add(new Encoded("SQL " + s, encode(s))));
        out.add(new Encoded("script", encode(SCRIPT.get(0))));
        out.add(new Encoded("1e400", "1e400"));
        out.add(new Encoded("2^63", "9223372036854775808"));
        out.add(new Encoded("-1", "-1"));
        out.add(new Encoded("-0", "-0"));
        out.add(new Encoded("1.5", "1.5"));
        out.add(new Encoded("full-width digits", encode("\uff11\uff10")));
        out.add(new Encoded("NUL", "a%00b"));
        out.add(new Encoded("invalid UTF-8", "%FF%FE"));
        out.add(new Encoded("8 KB value", "b".repeat(8_000)));
        return out;
    }

    /** Idempotency-Key values the gateway must refuse (sent once, through the JDK client). */
    static List<Encoded> idempotencyKeys() {
        return List.of(
                new Encoded("256 characters", "k".repeat(256)),
                new Encoded("non-ASCII", "cl\u00e9-\u202E"),
                new Encoded("SQL with a tab", "'\tOR 1=1"));
    }

    /**
     * The representative operations get the whole corpus; every other operation gets the compact
     * one (see {@link #compact}), which keeps one payload of each kind, so the suite stays fast as
     * operations are added.
     */
    static final java.util.Set<String> FULL_CORPUS = java.util.Set.of("GET /v1/charges/{charge}",
            "POST /v1/charges/{charge}/capture", "GET /v1/charges", "POST /v1/charges", "POST /v1/refunds",
            "POST /v1/checkout/sessions", "GET /ops/merchants/{merchant}", "POST /ops/merchants",
            "POST /ops/merchants/{merchant}/cards", "GET /ops/audit");

    private static final java.util.Set<String> COMPACT = java.util.Set.of(
            "SQL ' OR '1'='1", "SQL '; DROP TABLE charges; --", "script <script>alert(1)</script>", "traversal ../",
            "NUL byte", "NUL", "invalid UTF-8", "full-width digits", "4 KB id",
            "truncated object", "deep arrays 10000", "5000-digit number", "duplicate key", "invalid UTF-8 bytes",
            "overlong UTF-8 slash", "NUL inside", "lone high surrogate", "60 KB string", "number for a string",
            "1e400", "1.5", "string digits");

    /** One entry of each kind: what every operation gets (see {@link #FULL_CORPUS}). */
    static <T> List<T> compact(List<T> all, java.util.function.Function<T, String> name) {
        return all.stream().filter(e -> COMPACT.contains(name.apply(e))).toList();
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
