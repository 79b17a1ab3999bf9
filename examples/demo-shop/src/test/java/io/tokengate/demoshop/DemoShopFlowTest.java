package io.tokengate.demoshop;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokengate.sdk.TokenGateClient;
import io.tokengate.sdk.model.Charge;
import io.tokengate.sdk.testing.LocalGateway;
import io.tokengate.sdk.testing.Repo;
import io.tokengate.sdk.testing.Shopper;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The demo shop end to end, without a browser: the real gateway and the real shop in this JVM,
 * the merchant onboarded by the same bootstrap script docker compose runs, and a scriptless
 * shopper that pays on the hosted page, comes back, buys again with the saved card and refunds.
 */
class DemoShopFlowTest {

    /** The test classpath holds the gateway's starters too; the shop itself has no database or login. */
    private static final String NOT_FOR_THE_SHOP = String.join(",",
            "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration");
    private static final Pattern NEXT_ORDER = Pattern.compile("name=\"order\" value=\"(ord_[^\"]+)\"");

    private static ConfigurableApplicationContext shopContext;
    private static String shop;
    private static String secret;

    @BeforeAll
    static void startShop() throws Exception {
        LocalGateway gateway = LocalGateway.get();
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        shop = "http://localhost:" + port;
        Path secretFile = Files.createTempDirectory("demo-shop-").resolve("demo-shop.secret");
        bootstrap(gateway, secretFile);
        secret = Files.readString(secretFile);
        shopContext = DemoShopApplication.builder().run("--server.port=" + port,
                "--shop.tokengate-url=" + gateway.baseUrl(), "--shop.secret-key-file=" + secretFile,
                "--shop.public-url=" + shop, "--spring.autoconfigure.exclude=" + NOT_FOR_THE_SHOP,
                "--spring.main.banner-mode=off");
    }

    @AfterAll
    static void stopShop() {
        if (shopContext != null) {
            shopContext.close();
        }
    }

    /** Runs examples/demo-shop/bootstrap/bootstrap-merchant.sh, as docker compose's init service does. */
    private static void bootstrap(LocalGateway gateway, Path secretFile) throws Exception {
        ProcessBuilder sh = new ProcessBuilder("sh", Repo.file("examples/demo-shop/bootstrap/bootstrap-merchant.sh")
                .toString()).redirectErrorStream(true);
        sh.environment().putAll(Map.of("TOKENGATE_URL", gateway.baseUrl(), "OPS_USER", LocalGateway.ADMIN_USER,
                "OPS_PASSWORD", LocalGateway.ADMIN_PASSWORD, "SHOP_PUBLIC_URL", shop,
                "SECRET_FILE", secretFile.toString()));
        Process process = sh.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(Files.readString(secretFile)).startsWith("sk_");
        Process again = sh.start();
        assertThat(new String(again.getInputStream().readAllBytes())).contains("already set up");
        assertThat(again.waitFor()).isZero();
    }

    @Test
    void shopperPaysOnTheHostedPageThenBuysAgainWithTheSavedCardThenGetsARefund() {
        Shopper shopper = new Shopper();
        HttpResponse<String> product = Shopper.expectStatus(200, shopper.get(shop + "/"));
        assertThat(product.body()).contains("TokenGate mug").contains("12.50 EUR").doesNotContain("saved-card");

        String hostedPage = Shopper.location(Shopper.expectStatus(303, shopper.post(shop + "/pay", Map.of())));
        assertThat(hostedPage).startsWith(LocalGateway.get().baseUrl() + "/checkout/cs_");
        String back = shopper.payOnHostedPage(hostedPage, "4242424242424242");
        assertThat(back).startsWith(shop + "/checkout/return?session_id=cs_");

        HttpResponse<String> thanks = Shopper.expectStatus(200, shopper.get(back));
        assertThat(thanks.body()).contains("Thank you").contains("12.50 EUR").contains("captured")
                .contains("visa •••• 4242 (12/2034)").doesNotContain("tok_");
        Shopper.expectStatus(200, shopper.get(back)); // a reload does not exchange the code again

        String order = nextOrder(Shopper.expectStatus(200, shopper.get(shop + "/")).body());
        HttpResponse<String> paid = Shopper.expectStatus(200, shopper.post(shop + "/pay-again",
                Map.of("order", order)));
        assertThat(paid.body()).contains("Charged 12.50 EUR to visa •••• 4242");
        Shopper.expectStatus(200, shopper.post(shop + "/pay-again", Map.of("order", order))); // double click

        HttpResponse<String> refunded = Shopper.expectStatus(200, shopper.post(shop + "/refund",
                Map.of("order", order)));
        assertThat(refunded.body()).contains("Refunded 12.50 EUR").contains(">refunded<");

        TokenGateClient merchant = TokenGateClient.builder().baseUrl(LocalGateway.get().baseUrl()).secretKey(secret)
                .build();
        List<Charge> charges = merchant.charges().list().autoPagingStream().toList();
        assertThat(charges).hasSize(2);
        assertThat(charges).extracting(Charge::channel).containsExactly("merchant_initiated", "customer_initiated");
        assertThat(charges.getFirst().reference()).isEqualTo(order);
        assertThat(charges.getFirst().refundedAmount()).isEqualTo(1250);
        assertThat(charges.get(1).refundedAmount()).isZero();
    }

    @Test
    void returnWhenSessionWasNotOpenedByThisShopThenRefused() {
        HttpResponse<String> forged = new Shopper().get(shop + "/checkout/return?session_id=cs_forged&code=chk_x");

        assertThat(forged.statusCode()).isEqualTo(404);
    }

    private static String nextOrder(String page) {
        Matcher m = NEXT_ORDER.matcher(page);
        assertThat(m.find()).as("the page offers 'buy again'").isTrue();
        return m.group(1);
    }
}
