package io.tokengate.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokengate.sdk.exception.AuthenticationException;
import io.tokengate.sdk.model.TokenMigration;
import io.tokengate.sdk.testing.GatewayTest;
import io.tokengate.sdk.testing.LocalGateway;
import io.tokengate.sdk.testing.OpsApi;
import io.tokengate.sdk.testing.Repo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The README's ops quick start, run as written: its {@code ```sh} blocks marked
 * {@code <!-- ops-quickstart -->}, in order, in one bash (with {@code set -euo pipefail}, so a
 * failing curl fails the test), against the real gateway; then what they did is checked through
 * the API. Needs bash, curl and jq on the machine ({@code .ci/run} installs them).
 */
class OpsQuickstartTest extends GatewayTest {

    private static final Pattern BLOCK = Pattern.compile("<!-- ops-quickstart -->\\s*\\n```sh\\n(.*?)```",
            Pattern.DOTALL);

    @Test
    void opsQuickStartWhenRunAsWrittenThenMerchantOnboardedKeyIssuedAndBreachContained() throws Exception {
        List<String> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(Files.readString(Repo.file("README.md")));
        while (m.find()) {
            blocks.add(m.group(1));
        }
        assertThat(blocks).as("ops quick start blocks in README.md").hasSizeGreaterThanOrEqualTo(4);
        Path out = Files.createTempFile("ops-quickstart-", ".env");
        String script = "set -euo pipefail\n" + String.join("\n", blocks)
                + "\nprintf 'MERCHANT=%s\\nSECRET=%s\\nNEW_SECRET=%s\\nINCIDENT_ID=%s\\n' \"$MERCHANT\" \"$SECRET\" "
                + "\"$NEW_SECRET\" \"$INCIDENT_ID\" > \"$QUICKSTART_OUT\"\n";

        ProcessBuilder bash = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true);
        bash.environment().putAll(Map.of("TOKENGATE_URL", gateway().baseUrl(), "OPS_USER", LocalGateway.ADMIN_USER,
                "OPS_PASSWORD", LocalGateway.ADMIN_PASSWORD, "QUICKSTART_OUT", out.toString()));
        Process process = bash.start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the ops quick start did not finish within 2 minutes:\n" + output);
        }
        assertThat(process.exitValue()).as("bash exit; output:\n" + output).isZero();

        Map<String, String> vars = new java.util.HashMap<>();
        Files.readAllLines(out).forEach(line -> vars.put(line.substring(0, line.indexOf('=')),
                line.substring(line.indexOf('=') + 1)));
        JsonNode merchant = OpsApi.expect(200, ops().get("/ops/merchants/" + vars.get("MERCHANT")));
        assertThat(merchant.get("name").asString()).isEqualTo("Acme Shoes");
        assertThat(output).contains("\"currency\":\"EUR\"");
        JsonNode incident = OpsApi.expect(200, ops().get("/ops/incidents/" + vars.get("INCIDENT_ID")));
        assertThat(incident.get("status").asString()).isEqualTo("contained");

        TokenGateClient oldKey = TokenGateClient.builder().baseUrl(gateway().baseUrl())
                .secretKey(vars.get("SECRET")).build();
        assertThatThrownBy(() -> oldKey.tokens().list()).isInstanceOfSatisfying(AuthenticationException.class,
                e -> assertThat(e.getCode()).isEqualTo("api_key_revoked"));
        TokenGateClient newKey = TokenGateClient.builder().baseUrl(gateway().baseUrl())
                .secretKey(vars.get("NEW_SECRET")).build();
        assertThat(newKey.tokenMigrations().list().data()).extracting(TokenMigration::incident)
                .containsExactly(vars.get("INCIDENT_ID"));
        assertThat(output).contains("\n401\n").contains("security.revoked_key_used");
    }
}
