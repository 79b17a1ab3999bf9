package io.tokengate.gateway.keys;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the key store lives and how it is unlocked. The password comes from
 * {@code keystorePassword} (environment), else {@code keystorePasswordFile}; in development, with
 * {@code createIfMissing}, a password is generated into {@code <keystore>.password}.
 */
@ConfigurationProperties("tokengate.vault")
public record VaultProperties(String keystorePath, String keystorePassword, String keystorePasswordFile,
                              boolean createIfMissing) {
}
