package io.tokengate.gateway.support;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The contract, {@code api-spec/openapi.yaml}, checked against real traffic: every response the
 * tests receive from a documented path must have a documented status and a body that validates
 * against the documented schema; every successful request body must validate too. A response
 * from an undocumented /v1 or /ops path fails, unless it is the 404/405 of a path that does not exist.
 */
public final class OpenApiContract {

    private static final String BASE = "https://contract.tokengate.test/openapi.json";
    private static volatile OpenApiContract instance;

    private final JsonNode spec;
    private final SchemaRegistry registry;
    private final List<Route> routes = new ArrayList<>();

    private record Route(String template, Pattern pattern, String method, JsonNode operation, String pointer) {
    }

    private OpenApiContract(JsonNode spec) {
        this.spec = spec;
        String json = JsonMapper.builder().build().writeValueAsString(spec);
        this.registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                b -> b.schemas(Map.of(BASE, json)));
        for (Map.Entry<String, JsonNode> path : spec.path("paths").properties()) {
            String template = path.getKey();
            Pattern pattern = Pattern.compile("^" + template.replaceAll("\\{[^/]+}", "[^/]+") + "$");
            for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
                if (op.getKey().matches("get|post|put|delete|patch")) {
                    routes.add(new Route(template, pattern, op.getKey().toUpperCase(), op.getValue(),
                            "/paths/" + escape(template) + "/" + op.getKey()));
                }
            }
        }
    }

    public static OpenApiContract get() {
        OpenApiContract c = instance;
        if (c == null) {
            synchronized (OpenApiContract.class) {
                if (instance == null) {
                    instance = new OpenApiContract(load());
                }
                c = instance;
            }
        }
        return c;
    }

    /** Every documented operation as {@code METHOD template}. */
    public List<String> operations() {
        return routes.stream().map(r -> r.method() + " " + r.template()).toList();
    }

    public JsonNode spec() {
        return spec;
    }

    /** Returns the violations of one exchange (empty when it honours the contract). */
    public List<String> check(String method, String path, String requestContentType, String requestBody, int status,
                              String responseContentType, String responseBody) {
        String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        if (!bare.startsWith("/v1/") && !bare.startsWith("/ops/")) {
            return List.of();
        }
        Optional<Route> route = routes.stream().filter(r -> r.method().equals(method) && r.pattern().matcher(bare).matches())
                .findFirst();
        if (route.isEmpty()) {
            boolean pathKnown = routes.stream().anyMatch(r -> r.pattern().matcher(bare).matches());
            if ((!pathKnown && status == 404) || (pathKnown && status == 405) || status == 401 || status == 429) {
                return List.of();
            }
            return List.of(method + " " + bare + " answered " + status + " but is not in the contract");
        }
        List<String> violations = new ArrayList<>();
        Route r = route.get();
        String code = Integer.toString(status);
        JsonNode response = r.operation().path("responses").path(code);
        String responsePointer = r.pointer() + "/responses/" + code;
        if (response.isMissingNode()) {
            response = r.operation().path("responses").path("default");
            responsePointer = r.pointer() + "/responses/default";
        }
        if (response.isMissingNode()) {
            violations.add(method + " " + r.template() + " answered undocumented status " + status);
            return violations;
        }
        if (response.has("$ref")) {
            responsePointer = response.get("$ref").asString().substring(1);
            response = resolve(response);
        }
        String mediaType = mediaType(responseContentType);
        if (responseBody != null && !responseBody.isEmpty() && mediaType != null && mediaType.contains("json")) {
            JsonNode content = response.path("content").path(mediaType);
            if (content.isMissingNode()) {
                violations.add(method + " " + r.template() + " " + status + ": media type " + mediaType + " not documented");
            } else {
                violations.addAll(validate(responsePointer + "/content/" + escape(mediaType) + "/schema", responseBody,
                        method + " " + r.template() + " " + status + " response"));
            }
        }
        if (status < 300 && requestBody != null && !requestBody.isBlank() && "application/json".equals(mediaType(requestContentType))) {
            JsonNode requestSchema = r.operation().path("requestBody").path("content").path("application/json").path("schema");
            if (requestSchema.isMissingNode()) {
                violations.add(method + " " + r.template() + ": request body not documented");
            } else {
                violations.addAll(validate(r.pointer() + "/requestBody/content/application~1json/schema", requestBody,
                        method + " " + r.template() + " request"));
            }
        }
        return violations;
    }

    private List<String> validate(String pointer, String body, String what) {
        Schema schema = registry.getSchema(SchemaLocation.of(BASE + "#" + pointer));
        JsonNode instance;
        try {
            instance = JsonMapper.builder().build().readTree(body);
        } catch (RuntimeException e) {
            return List.of(what + " is not JSON");
        }
        List<Error> errors = schema.validate(instance);
        List<String> out = new ArrayList<>();
        for (Error e : errors) {
            out.add(what + ": " + e.getInstanceLocation() + " " + e.getMessage());
        }
        return out;
    }

    private JsonNode resolve(JsonNode node) {
        if (node.has("$ref")) {
            String ref = node.get("$ref").asString();
            return spec.at(ref.substring(1));
        }
        return node;
    }

    private static String mediaType(String contentType) {
        if (contentType == null) {
            return null;
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase();
    }

    private static String escape(String segment) {
        return segment.replace("~", "~0").replace("/", "~1");
    }

    private static JsonNode load() {
        Path file = Path.of("..", "api-spec", "openapi.yaml");
        if (!Files.exists(file)) {
            file = Path.of("api-spec", "openapi.yaml");
        }
        try {
            return YAMLMapper.builder().build().readTree(Files.readString(file));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot read the OpenAPI contract at " + file.toAbsolutePath(), e);
        }
    }
}
