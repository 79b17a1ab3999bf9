package io.tokengate.gateway.hostile;

import io.tokengate.gateway.support.OpenApiContract;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Every operation of {@code api-spec/openapi.yaml}, read from the contract itself, so an endpoint
 * added to the contract is attacked without anyone editing the hostile tests.
 */
final class Operations {

    private static final Pattern PATH_PARAM = Pattern.compile("\\{([^}]+)}");

    private Operations() {
    }

    /** One documented operation with what the attacks need: its parameters and request body schema. */
    record Operation(String method, String template, JsonNode node, JsonNode spec) {

        String key() {
            return method + " " + template;
        }

        List<String> pathParams() {
            List<String> names = new ArrayList<>();
            Matcher m = PATH_PARAM.matcher(template);
            while (m.find()) {
                names.add(m.group(1));
            }
            return names;
        }

        /** Resolved parameter objects with {@code in: query}. */
        List<JsonNode> queryParams() {
            return parameters().stream().filter(p -> "query".equals(p.path("in").asString())).toList();
        }

        boolean idempotent() {
            return parameters().stream().anyMatch(p -> "Idempotency-Key".equals(p.path("name").asString()));
        }

        /** The resolved JSON schema of the request body, or a missing node. */
        JsonNode bodySchema() {
            return resolve(node.path("requestBody").path("content").path("application/json").path("schema"));
        }

        boolean hasBody() {
            return !bodySchema().isMissingNode();
        }

        /** The example request body of the contract, or null. */
        JsonNode example() {
            JsonNode content = node.path("requestBody").path("content").path("application/json");
            if (content.has("example")) {
                return content.get("example");
            }
            if (content.has("examples")) {
                return content.get("examples").values().iterator().next().path("value");
            }
            JsonNode schema = bodySchema();
            return schema.has("example") ? schema.get("example") : null;
        }

        /** The JSON types a property allows ({@code type} may be a list, e.g. string and null). */
        List<String> types(JsonNode property) {
            JsonNode resolved = resolve(property);
            JsonNode type = resolved.path("type");
            List<String> out = new ArrayList<>();
            if (type.isArray()) {
                type.forEach(t -> out.add(t.asString()));
            } else if (type.isString()) {
                out.add(type.asString());
            } else {
                out.add("object");
            }
            return out;
        }

        JsonNode resolve(JsonNode node) {
            JsonNode current = node;
            while (current.has("$ref")) {
                current = spec.at(current.get("$ref").asString().substring(1));
            }
            return current;
        }

        private List<JsonNode> parameters() {
            List<JsonNode> out = new ArrayList<>();
            JsonNode pathLevel = spec.path("paths").path(template).path("parameters");
            pathLevel.forEach(p -> out.add(resolve(p)));
            node.path("parameters").forEach(p -> out.add(resolve(p)));
            return out;
        }
    }

    static List<Operation> all() {
        OpenApiContract contract = OpenApiContract.get();
        JsonNode spec = contract.spec();
        List<Operation> out = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : spec.path("paths").properties()) {
            for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
                if (op.getKey().matches("get|post|put|delete|patch")) {
                    out.add(new Operation(op.getKey().toUpperCase(), path.getKey(), op.getValue(), spec));
                }
            }
        }
        if (out.size() != contract.operations().size()) {
            throw new IllegalStateException("read " + out.size() + " operations, the contract has "
                    + contract.operations().size());
        }
        return out;
    }
}
