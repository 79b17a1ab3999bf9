package io.tokengate.demoshop;

import io.tokengate.sdk.TokenGateClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** One SDK client for the whole shop: it is thread-safe and holds the connection pool. */
@Configuration(proxyBeanMethods = false)
class TokenGateConfiguration {

    @Bean(destroyMethod = "close")
    TokenGateClient tokenGate(ShopProperties shop) {
        return TokenGateClient.builder()
                .baseUrl(shop.tokengateUrl())
                .secretKey(secretKey(shop))
                .connectTimeout(Duration.ofSeconds(5))
                .requestTimeout(Duration.ofSeconds(20))
                .maxRetries(2)
                .build();
    }

    /** The key from TOKENGATE_SECRET_KEY, else from the file TOKENGATE_SECRET_KEY_FILE names. */
    static String secretKey(ShopProperties shop) {
        if (shop.secretKey() != null && !shop.secretKey().isBlank()) {
            return shop.secretKey().strip();
        }
        if (shop.secretKeyFile() != null && !shop.secretKeyFile().isBlank()) {
            try {
                return Files.readString(Path.of(shop.secretKeyFile())).strip();
            } catch (IOException e) {
                throw new IllegalStateException("Cannot read the secret key file " + shop.secretKeyFile()
                        + " (TOKENGATE_SECRET_KEY_FILE): " + e.getMessage(), e);
            }
        }
        throw new IllegalStateException("No merchant secret key: set TOKENGATE_SECRET_KEY (or "
                + "TOKENGATE_SECRET_KEY_FILE) to a key issued by TokenGate ops with the scopes checkout:write, "
                + "charges:write, charges:read, refunds:write. With docker compose the init service writes it.");
    }
}
