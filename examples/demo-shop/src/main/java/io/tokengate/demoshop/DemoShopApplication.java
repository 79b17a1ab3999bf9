package io.tokengate.demoshop;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * A small retailer that takes card payments without ever seeing a card: it sends the shopper to
 * TokenGate's hosted checkout, keeps only the token it gets back, and charges and refunds with
 * the merchant SDK. Configuration from the environment: {@code TOKENGATE_URL},
 * {@code TOKENGATE_SECRET_KEY} (or {@code TOKENGATE_SECRET_KEY_FILE}), {@code SHOP_PUBLIC_URL},
 * {@code PORT}.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class DemoShopApplication {

    public static void main(String[] args) {
        builder().run(args);
    }

    /**
     * The shop's settings are in {@code demo-shop.yml}, not {@code application.yml}, so the shop can
     * share a JVM (and a classpath) with a gateway, as in its smoke test.
     */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(DemoShopApplication.class).properties("spring.config.name=demo-shop");
    }
}
