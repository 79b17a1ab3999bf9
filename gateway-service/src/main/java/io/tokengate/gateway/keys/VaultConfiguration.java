package io.tokengate.gateway.keys;

import io.tokengate.vault.CardVault;
import io.tokengate.vault.KeyRing;
import io.tokengate.vault.ValueVault;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Opens the key ring at start-up (creating a development one if allowed) and builds the vault on it. */
@Configuration(proxyBeanMethods = false)
class VaultConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean(destroyMethod = "close")
    KeyRing keyRing(VaultProperties props) throws java.io.IOException {
        Path path = Path.of(props.keystorePath()).toAbsolutePath();
        if (props.createIfMissing() && path.getParent() != null) {
            Files.createDirectories(path.getParent());
        }
        char[] password = KeyStorePassword.resolve(props, path);
        try {
            return KeyRing.openOrCreate(path, password, props.createIfMissing());
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    @Bean
    ValueVault valueVault(KeyRing keyRing) {
        return new ValueVault(keyRing);
    }

    @Bean
    CardVault cardVault(KeyRing keyRing, Clock clock) {
        return new CardVault(keyRing, clock);
    }
}
