package io.tokengate.demoshop;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code shop.*} in demo-shop.yml, filled from the environment.
 *
 * @param tokengateUrl  where this server reaches the gateway (server to server)
 * @param secretKey     the merchant's secret key; or
 * @param secretKeyFile a file holding it (docker compose's init service writes one)
 * @param publicUrl     where shoppers' browsers reach this shop: the checkout's return URLs
 * @param product       the one thing on sale
 */
@ConfigurationProperties("shop")
public record ShopProperties(String tokengateUrl, String secretKey, String secretKeyFile, String publicUrl,
                             Product product) {

    /** A product: name and price in minor units. */
    public record Product(String name, long price, String currency) {
    }

    public ShopProperties {
        publicUrl = publicUrl != null && publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1)
                : publicUrl;
        if (product == null) {
            product = new Product("TokenGate mug", 1250, "EUR");
        }
    }
}
