package io.tokengate.gateway.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokengate.gateway.hostile.HostileCorpus.Encoded;
import io.tokengate.gateway.hostile.HostileCorpus.JsonValue;
import io.tokengate.gateway.hostile.HostileCorpus.Payload;
import io.tokengate.gateway.hostile.Operations.Operation;
import io.tokengate.gateway.support.HttpTestClient;
import io.tokengate.gateway.support.OpenApiContract;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The hostile corpus against every operation of the contract: hostile path segments, query values,
 * bodies, field values, content types, headers, methods and credentials. Every answer must be a
 * clean 4xx problem (see {@link Answers}); the business tables must not change (see
 * {@link HostileTestSupport}); the gateway must still be healthy at the end. The last test fails
 * when an operation of the contract was not attacked in every way that applies to it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileApiTest extends HostileTestSupport {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PLACEHOLDER = "\"__hostile__\"";
    private static final Map<String, Set<String>> EXERCISED = new ConcurrentHashMap<>();
    private static final List<Operation> OPERATIONS = Operations.all();

    @Test
    @Order(1)
    void pathParametersWhenHostileThenProblemAndNothingStored() {
        inParallel(OPERATIONS, op -> {
            for (String param : op.pathParams()) {
                for (Encoded value : corpus(op, HostileCorpus.pathSegments(), Encoded::name)) {
                    String path = path(op, Map.of(param, value.value()));
                    HttpResponse<String> r = api(op.template()).sendBytes(op.method(), path,
                            op.hasBody() ? "application/json" : null, op.hasBody() ? validBody(op) : null);
                    problem(op.key() + " {" + param + "} = " + value.name(), r);
                }
                exercised(op, "path");
            }
        });
    }

    @Test
    @Order(2)
    void queryParametersWhenHostileThenProblemOrEmptyList() {
        inParallel(OPERATIONS, op -> {
            for (JsonNode param : op.queryParams()) {
                String name = param.path("name").asString();
                for (Encoded value : corpus(op, HostileCorpus.queryValues(), Encoded::name)) {
                    String path = path(op, Map.of()) + "?" + name + "=" + value.value();
                    HttpResponse<String> r = api(op.template()).sendBytes(op.method(), path, null, null);
                    String what = op.key() + " ?" + name + "=" + value.name();
                    if (r.statusCode() == 200 && freeTextFilter(op, param)) {
                        // A filter on free text (an id, an actor) that matches nothing is an honest answer:
                        // accepted as data, and the injection did not widen the result.
                        check(() -> assertThat(JSON.readTree(r.body()).get("data").isEmpty()).as(what + "\n" + r.body())
                                .isTrue());
                        check(() -> Answers.clean(what, r.body(), secrets()));
                        continue;
                    }
                    problem(what, r);
                }
                exercised(op, "query");
            }
        });
    }

    @Test
    @Order(3)
    void bodiesWhenBrokenThenProblem() {
        inParallel(OPERATIONS.stream().filter(Operation::hasBody).toList(), op -> {
            HttpTestClient api = api(op.template());
            String path = path(op, Map.of());
            for (Payload payload : corpus(op, HostileCorpus.brokenBodies(), Payload::name)) {
                problem(op.key() + " body " + payload.name(), api.sendBytes(op.method(), path, "application/json",
                        payload.bytes()));
            }
            byte[] valid = validBody(op);
            List<String> types = List.of("text/plain", "*/*", "application/json-patch+json",
                    "application/json; charset=iso-8859-1", "application/xml", "application/x-www-form-urlencoded",
                    "multipart/form-data; boundary=x", "application/json; charset=utf-7", "application/jsonx", "json");
            for (String type : HostileCorpus.FULL_CORPUS.contains(op.key()) ? types : types.subList(0, 4)) {
                problem(op.key() + " content type " + type, api.sendBytes(op.method(), path, type, valid));
            }
            exercised(op, "body");
        });
    }

    @Test
    @Order(4)
    void fieldsWhenHostileValuesThenProblem() {
        inParallel(OPERATIONS.stream().filter(Operation::hasBody).toList(), op -> {
            HttpTestClient api = api(op.template());
            String path = path(op, Map.of());
            for (Map.Entry<String, JsonNode> property : op.bodySchema().path("properties").properties()) {
                for (JsonValue value : corpus(op, badValues(op.types(property.getValue())), JsonValue::name)) {
                    String body = mutate(op, property.getKey(), value.json());
                    problem(op.key() + " ." + property.getKey() + " = " + value.name(),
                            api.sendBytes(op.method(), path, "application/json", body.getBytes(StandardCharsets.UTF_8)));
                }
            }
            exercised(op, "fields");
        });
    }

    @Test
    @Order(5)
    void everyOperationWhenOversizedBodyWrongMethodOrBadCredentialsThenProblem() {
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        inParallel(OPERATIONS, op -> {
            String path = path(op, Map.of());
            HttpTestClient api = api(op.template());
            problem(op.key() + " oversized body", api.sendBytes(op.method(), path, "application/json",
                    ("{\"a\": \"" + HostileCorpus.MAX_BODY_PLUS + "\"}").getBytes(StandardCharsets.UTF_8)));
            exercised(op, "oversized");
            for (String method : List.of("GET", "POST", "PUT", "DELETE", "PATCH")) {
                if (!OpenApiContract.get().operations().contains(method + " " + op.template())) {
                    problem(op.key() + " wrong method " + method, api.sendBytes(method, path, null, null));
                }
            }
            exercised(op, "method");
            problem(op.key() + " no credentials", http().withoutContract().sendBytes(op.method(), path, null, null));
            // Wrong credentials count toward the per-address throttle: a few per loopback address.
            HttpTestClient wrong = httpFrom("127.0.77." + (1 + n.getAndIncrement() / 4)).withoutContract();
            wrong = op.template().startsWith("/ops/") ? wrong.basic(OPS_USER, "' OR '1'='1") : wrong.bearer("sk_' OR 1=1--");
            problem(op.key() + " SQL as credentials", wrong.sendBytes(op.method(), path, null, null));
            exercised(op, "credentials");
        });
    }

    @Test
    @Order(6)
    void everyOperationWhenHeadersRepeatedOversizedOrInvalidThenProblem() {
        inParallel(OPERATIONS, op -> {
            String path = path(op, Map.of());
            String auth = authorization(op.template());
            problem(op.key() + " Authorization twice", raw().send(RawHttp.request(op.method(), path)
                    .header("Authorization", auth).header("Authorization", "Bearer sk_other")));
            problem(op.key() + " Idempotency-Key twice", raw().send(RawHttp.request(op.method(), path)
                    .header("Authorization", auth).header("Idempotency-Key", "k1").header("Idempotency-Key", "k2")));
            problem(op.key() + " Content-Type twice", raw().send(RawHttp.request(op.method(), path)
                    .header("Authorization", auth).header("Content-Type", "application/json")
                    .body("text/plain", "{}".getBytes(StandardCharsets.UTF_8))));
            problem(op.key() + " 64 KB header", raw().send(RawHttp.request(op.method(), path)
                    .header("Authorization", auth).header("X-Filler", "f".repeat(65_536))));
            problem(op.key() + " invalid UTF-8 in the path", raw().send(
                    RawHttp.request(op.method(), path + "/\u00ff\u00fe").header("Authorization", auth)));
            if (op.idempotent()) {
                for (Encoded key : HostileCorpus.idempotencyKeys()) {
                    problem(op.key() + " Idempotency-Key " + key.name(), raw().send(RawHttp.request(op.method(), path)
                            .header("Authorization", auth).header("Idempotency-Key", key.value())
                            .body("application/json", validBody(op))));
                }
            }
            exercised(op, "headers");
        });
    }

    @Test
    @Order(7)
    void requestLinesWhenMalformedThenProblem() {
        List<String> lines = List.of("GET /v1/charges HTTP/1.1 extra",
                "GET /v1/charges\u0000 HTTP/1.1", "GET http://evil.example/v1/charges HTTP/1.1",
                "GET /v1/charges HTTP/9.9", "G\u00c9T /v1/charges HTTP/1.1", "TRACE /v1/charges HTTP/1.1",
                "CONNECT localhost:443 HTTP/1.1", "PROPFIND /ops/merchants HTTP/1.1",
                "GET /v1/charges/%2e%2e/%2e%2e/ops/users HTTP/1.1", "GET /v1/charges/..;/..;/ops/users HTTP/1.1",
                "GET /v1//charges HTTP/1.1", "GET /v1/./charges HTTP/1.1", "GET /ops/merchants%00 HTTP/1.1",
                "GET /v1/charges?limit=%zz HTTP/1.1", "GET /actuator/env HTTP/1.1", "GET /actuator/heapdump HTTP/1.1",
                "GET /%2e%2e/%2e%2e/etc/passwd HTTP/1.1", "GET /WEB-INF/web.xml HTTP/1.1");
        for (String line : lines) {
            RawHttp.Response r = rawLine(line);
            problem("request line " + line.replace("\u0000", "\\0"), r);
        }
        healthUp();
    }

    @Test
    @Order(100)
    void coverageWhenSuiteRanThenEveryContractOperationWasAttackedEveryWayThatApplies() {
        Map<String, Set<String>> missing = new TreeMap<>();
        for (Operation op : OPERATIONS) {
            Set<String> expected = new TreeSet<>(List.of("oversized", "method", "credentials", "headers"));
            if (!op.pathParams().isEmpty()) {
                expected.add("path");
            }
            if (!op.queryParams().isEmpty()) {
                expected.add("query");
            }
            if (op.hasBody()) {
                expected.addAll(List.of("body", "fields"));
            }
            expected.removeAll(EXERCISED.getOrDefault(op.key(), Set.of()));
            if (!expected.isEmpty()) {
                missing.put(op.key(), expected);
            }
        }
        assertThat(missing).as("operations of api-spec/openapi.yaml not attacked in these ways").isEmpty();
        assertThat(OPERATIONS).hasSizeGreaterThanOrEqualTo(50);
        healthUp();
    }

    private RawHttp.Response rawLine(String line) {
        RawHttp.Builder b = new RawHttp.Builder().raw(line.getBytes(StandardCharsets.ISO_8859_1))
                .header("Host", "localhost").header("Authorization", "Bearer " + target().secret());
        // Not from 127.0.0.1: a bearer secret on an ops path counts as a failed ops login.
        return raw("127.0.78.1").send(b);
    }

    /** The whole corpus for the representative operations, one payload of each kind for the others. */
    private static <T> List<T> corpus(Operation op, List<T> all, java.util.function.Function<T, String> name) {
        if (HostileCorpus.FULL_CORPUS.contains(op.key())) {
            return all;
        }
        List<T> compact = HostileCorpus.compact(all, name);
        return compact.isEmpty() ? all : compact;
    }

    private static void exercised(Operation op, String kind) {
        EXERCISED.computeIfAbsent(op.key(), k -> ConcurrentHashMap.newKeySet()).add(kind);
    }

    /** The operation's path with real ids of the target, except where {@code overrides} says otherwise. */
    private String path(Operation op, Map<String, String> overrides) {
        String path = op.template();
        for (String param : op.pathParams()) {
            String value = overrides.containsKey(param) ? overrides.get(param) : realId(op, param);
            path = path.replace("{" + param + "}", value);
        }
        return path;
    }

    private String realId(Operation op, String param) {
        Target t = target();
        return switch (param) {
            case "merchant" -> t.merchant();
            case "key" -> "key_missing0000000000000000";
            case "charge" -> t.authorized();
            case "refund" -> t.refund();
            case "token" -> t.token();
            case "id" -> op.template().startsWith("/v1/checkout/") ? t.session()
                    : op.template().startsWith("/v1/webhook-endpoints/") ? t.endpoint() : "rot_missing0000000000000000";
            case "version" -> "999";
            default -> param.substring(0, Math.min(3, param.length())) + "_missing0000000000000000";
        };
    }

    /** A body that would be accepted with the target's real ids, so a hostile part is the only fault. */
    private byte[] validBody(Operation op) {
        return base(op).toString().getBytes(StandardCharsets.UTF_8);
    }

    private ObjectNode base(Operation op) {
        Target t = target();
        String json = switch (op.key()) {
            case "POST /v1/charges" -> """
                    {"token": "%s", "amount": 100, "currency": "EUR", "capture": true, "description": "d",
                     "reference": "r", "channel": "merchant_initiated"}""".formatted(t.token());
            case "POST /v1/charges/{charge}/capture" -> "{\"amount\": 100}";
            case "POST /v1/refunds" -> """
                    {"charge": "%s", "amount": 1, "reason": "requested_by_customer"}""".formatted(t.charge());
            case "POST /v1/checkout/sessions" -> """
                    {"mode": "payment", "amount": 100, "currency": "EUR", "capture": true,
                     "success_url": "https://shop.example/done", "cancel_url": "https://shop.example/cart",
                     "merchant_reference": "o-1", "expires_in_seconds": 600}""";
            default -> null;
        };
        if (json != null) {
            return (ObjectNode) JSON.readTree(json);
        }
        JsonNode example = op.example();
        return example != null && example.isObject() ? (ObjectNode) example.deepCopy() : JSON.createObjectNode();
    }

    private String mutate(Operation op, String field, String rawJson) {
        ObjectNode body = base(op);
        body.put(field, "__hostile__");
        return body.toString().replace(PLACEHOLDER, rawJson);
    }

    private static List<JsonValue> badValues(List<String> types) {
        List<JsonValue> out = new ArrayList<>();
        if (types.contains("string")) {
            out.addAll(HostileCorpus.badStringValues());
        } else if (types.contains("integer")) {
            out.addAll(HostileCorpus.badIntegerValues());
        } else if (types.contains("boolean")) {
            out.addAll(List.of(new JsonValue("string true", "\"true\""), new JsonValue("one", "1"),
                    new JsonValue("NUL string", "\"\\u0000\"")));
        } else if (types.contains("array")) {
            out.addAll(List.of(new JsonValue("string for an array", "\"x\""), new JsonValue("null element", "[null]"),
                    new JsonValue("nested array", "[[\"a\"]]"), new JsonValue("NUL element", "[\"\\u0000\"]"),
                    new JsonValue("surrogate element", "[\"\\ud800\"]"),
                    new JsonValue("60 KB element", "[\"" + "A".repeat(60_000) + "\"]")));
        } else {
            out.addAll(List.of(new JsonValue("string for an object", "\"x\""), new JsonValue("array for an object", "[]"),
                    new JsonValue("NUL inside", "{\"k\": \"\\u0000\"}"), new JsonValue("number", "1e400")));
        }
        return out;
    }

    private static boolean freeTextFilter(Operation op, JsonNode param) {
        JsonNode schema = op.resolve(param.path("schema"));
        String name = param.path("name").asString();
        return !name.equals("starting_after") && !name.equals("limit") && schema.path("enum").isMissingNode()
                && schema.path("format").isMissingNode() && "string".equals(schema.path("type").asString());
    }
}
