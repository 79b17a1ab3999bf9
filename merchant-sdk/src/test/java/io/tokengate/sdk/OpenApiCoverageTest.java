package io.tokengate.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokengate.sdk.testing.Repo;
import io.tokengate.sdk.webhook.Webhooks;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The SDK covers the contract: every operation of {@code api-spec/openapi.yaml} under {@code /v1}
 * has a public SDK method annotated {@link Operation} with its {@code operationId}, reachable from
 * {@link TokenGateClient}; and no annotation names an operation the spec does not have. When
 * another engineer adds an endpoint, this test fails until the SDK gets its method.
 */
class OpenApiCoverageTest {

    private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "patch", "head",
            "options");

    @Test
    void everyMerchantApiOperationHasAnSdkMethodAndEveryMappingIsInTheSpec() throws Exception {
        JsonNode spec = YAMLMapper.builder().build().readTree(Repo.file("api-spec/openapi.yaml").toFile());
        Map<String, String> merchantOperations = new TreeMap<>();
        Set<String> allOperations = new TreeSet<>();
        for (Map.Entry<String, JsonNode> path : spec.get("paths").properties()) {
            for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
                if (HTTP_METHODS.contains(op.getKey())) {
                    String id = op.getValue().get("operationId").asString();
                    allOperations.add(id);
                    if (path.getKey().startsWith("/v1/")) {
                        merchantOperations.put(id, op.getKey().toUpperCase() + " " + path.getKey());
                    }
                }
            }
        }
        if (spec.has("webhooks")) {
            spec.get("webhooks").forEach(hook -> hook.forEach(op -> {
                if (op.has("operationId")) {
                    allOperations.add(op.get("operationId").asString());
                }
            }));
        }

        Map<String, String> sdk = sdkOperations();
        List<String> missing = new ArrayList<>();
        merchantOperations.forEach((id, route) -> {
            if (!sdk.containsKey(id)) {
                missing.add(id + " (" + route + ")");
            }
        });

        assertThat(merchantOperations).as("the spec has merchant operations").hasSizeGreaterThan(10);
        assertThat(missing).as("operations of api-spec/openapi.yaml under /v1 without an SDK method annotated "
                + "@Operation(\"<operationId>\")").isEmpty();
        assertThat(sdk.keySet()).as("@Operation ids that the spec does not have").isSubsetOf(allOperations);
    }

    /** operationId → the SDK method, for every service reachable from the client, plus {@link Webhooks}. */
    private static Map<String, String> sdkOperations() {
        List<Class<?>> types = new ArrayList<>();
        for (Method accessor : TokenGateClient.class.getMethods()) {
            if (accessor.getParameterCount() == 0
                    && accessor.getReturnType().getPackageName().equals("io.tokengate.sdk.service")) {
                types.add(accessor.getReturnType());
            }
        }
        types.add(Webhooks.class);
        Map<String, String> operations = new TreeMap<>();
        for (Class<?> type : types) {
            for (Method method : type.getDeclaredMethods()) {
                Operation op = method.getAnnotation(Operation.class);
                if (op != null) {
                    assertThat(Modifier.isPublic(method.getModifiers())).as(method + " is public").isTrue();
                    String previous = operations.put(op.value(), type.getSimpleName() + "." + method.getName());
                    assertThat(previous).as("two SDK methods claim " + op.value()).isNull();
                }
            }
        }
        return operations;
    }
}
