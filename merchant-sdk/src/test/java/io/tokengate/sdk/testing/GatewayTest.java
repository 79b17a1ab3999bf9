package io.tokengate.sdk.testing;

import io.tokengate.sdk.TokenGateClient;
import java.util.List;

/**
 * Base of the SDK tests that run against the real gateway ({@link LocalGateway}): merchants made
 * through the ops API, and SDK clients holding their keys.
 */
public abstract class GatewayTest {

    /** The origin test merchants return to (the hosted page redirects there; nothing listens). */
    public static final String SHOP = "https://shop.example";

    protected static LocalGateway gateway() {
        return LocalGateway.get();
    }

    protected static OpsApi ops() {
        return gateway().ops();
    }

    /** A fresh merchant (EUR, USD, JPY; merchant-initiated allowed; returns to {@link #SHOP}). */
    protected static TestMerchant merchant() {
        String id = ops().createMerchant("Shop " + System.nanoTime(), List.of(SHOP));
        return new TestMerchant(id, gateway());
    }

    /** A merchant created through the ops API, with helpers to get keys and cards. */
    public record TestMerchant(String id, LocalGateway gateway) {

        /** A client holding a fresh key with every scope. */
        public TokenGateClient client() {
            return client(OpsApi.ALL_SCOPES.toArray(String[]::new));
        }

        public TokenGateClient client(String... scopes) {
            return clientWithSecret(secret(scopes));
        }

        /** A fresh key's secret. */
        public String secret(String... scopes) {
            return gateway.ops().issueKey(id, List.of(scopes));
        }

        public TokenGateClient clientWithSecret(String secret) {
            return TokenGateClient.builder().baseUrl(gateway.baseUrl()).secretKey(secret).build();
        }

        /** Imports a card (multi-use, any channel) and returns its token. */
        public String card(String number) {
            return gateway.ops().importCard(id, number, null);
        }
    }
}
