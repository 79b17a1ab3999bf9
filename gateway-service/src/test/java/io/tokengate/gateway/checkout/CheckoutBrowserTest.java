package io.tokengate.gateway.checkout;

import static io.tokengate.gateway.support.OpsFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.tokengate.gateway.support.HttpTestClient;
import io.tokengate.gateway.support.OpsFixture.TestMerchant;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;

/**
 * The hosted checkout in a real browser: Debian's headless Chromium driven by Selenium, with the
 * browser and the driver named explicitly so that nothing is ever downloaded. A tiny JDK HTTP
 * server on localhost plays the merchant's site; the test plays the merchant's server.
 */
class CheckoutBrowserTest extends CheckoutTestSupport {

    private static final File CHROMIUM = new File("/usr/bin/chromium");
    private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");

    private static HttpServer shopSite;
    private static final Map<String, String> arrivals = new ConcurrentHashMap<>();
    private static Path profile;
    private static ChromeDriverService service;
    private static WebDriver browser;

    @BeforeAll
    static void startBrowserAndShop() throws IOException {
        // A missing browser is a broken machine, not a reason to skip: .ci/run installs both packages.
        assertThat(CHROMIUM.canExecute() && CHROMEDRIVER.canExecute())
                .as("The checkout browser tests need Debian's Chromium and ChromeDriver at %s and %s. Install them "
                        + "with 'apt-get install chromium chromium-driver' (.ci/run does so when .ci/needs-browser "
                        + "exists).", CHROMIUM, CHROMEDRIVER)
                .isTrue();
        shopSite = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        shopSite.createContext("/", exchange -> {
            // The merchant's site: remembers what the gateway sent the shopper back with.
            String query = exchange.getRequestURI().getRawQuery();
            arrivals.put(exchange.getRequestURI().getPath(), query == null ? "" : query);
            byte[] page = ("<!DOCTYPE html><html lang=\"en\"><head><title>Shop " + exchange.getRequestURI().getPath()
                    + "</title></head><body><h1 id=\"shop\">Back at the shop</h1></body></html>")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        shopSite.start();

        profile = Files.createTempDirectory("tokengate-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=390,900", "--user-data-dir=" + profile);
        service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    @AfterAll
    static void stopBrowserAndShop() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (service != null) {
            service.stop();
        }
        if (shopSite != null) {
            shopSite.stop(0);
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void paymentWhenShopperTypesCardAndPassesChallengeThenShopGetsCodeAndServerGetsToken() {
        Site site = site();
        JsonNode session = site.create("""
                {"mode": "payment", "amount": 4999, "currency": "EUR", "success_url": "%s/done",
                 "cancel_url": "%s/cart"}""".formatted(site.origin(), site.origin()));
        browser.get(session.get("url").asString());
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Pay 49.99 EUR");
        assertThat(browser.findElement(By.cssSelector("label[for=card_number]")).getText()).isEqualTo("Card number");
        screenshot("1-payment-form");

        fillCard(CheckoutVerificationTest.CHALLENGE_CARD);
        browser.findElement(By.id("submit")).click();
        await(ExpectedConditions.textToBe(By.tagName("h1"), "Confirm it is you"));
        browser.findElement(By.id("passcode")).sendKeys("111111");
        browser.findElement(By.id("submit")).click();
        assertThat(shown(By.id("passcode-error")).getText()).contains("2 tries left");
        screenshot("2-challenge-wrong-passcode");
        browser.findElement(By.id("passcode")).sendKeys(CheckoutVerificationTest.PASSCODE);
        browser.findElement(By.id("submit")).click();

        assertThat(shown(By.id("shop")).getText()).isEqualTo("Back at the shop");
        assertThat(browser.getCurrentUrl()).startsWith(site.origin() + "/done?session_id=");
        Map<String, String> back = query("http://x/?" + arrivals.get("/done"));
        assertThat(back.get("session_id")).isEqualTo(session.get("id").asString());
        HttpResponse<String> completed = site.api().post("/v1/checkout/sessions/" + back.get("session_id")
                + "/complete", "{\"code\": \"" + back.get("code") + "\"}");
        assertThat(completed.statusCode()).as(completed.body()).isEqualTo(200);
        assertThat(json(completed).get("token").get("token").asString()).startsWith("tok_");
        assertThat(json(completed).get("charge").get("id").asString()).startsWith("ch_");
        assertThat(browser.getPageSource()).doesNotContain("tok_");
    }

    @Test
    void setupWhenCardDeclinedThenDeclinePageAndAnotherCardSucceeds() {
        Site site = site();
        JsonNode session = site.create("""
                {"mode": "setup", "success_url": "%s/saved", "cancel_url": "%s/cart"}"""
                .formatted(site.origin(), site.origin()));
        browser.get(session.get("url").asString());
        fillCard("4242 4242 4242 4241");
        browser.findElement(By.id("submit")).click();
        assertThat(shown(By.id("card_number-error")).getText()).contains("not valid");
        assertThat(browser.findElement(By.id("card_number")).getAttribute("value")).isEmpty();
        assertThat(browser.findElement(By.id("cardholder_name")).getAttribute("value")).isEqualTo("Ada Lovelace");
        screenshot("0-field-errors");

        fillCard(CheckoutVerificationTest.DECLINED_CARD);
        browser.findElement(By.id("submit")).click();
        assertThat(shown(By.id("declined")).getText()).isEqualTo("Card not saved");
        assertThat(browser.getPageSource()).contains("Your bank declined the card")
                .doesNotContain(CheckoutVerificationTest.DECLINED_CARD);
        screenshot("3-declined");
        browser.findElement(By.id("retry")).click();
        assertThat(shown(By.id("form-banner")).getText()).contains("declined");
        screenshot("4-form-after-decline");

        fillCard("4242424242424242");
        browser.findElement(By.id("submit")).click();
        shown(By.id("shop"));
        assertThat(browser.getCurrentUrl()).startsWith(site.origin() + "/saved?session_id=");
    }

    @Test
    void cancelWhenShopperClicksCancelThenBackAtCartAndSessionCancelled() {
        Site site = site();
        JsonNode session = site.create("""
                {"mode": "setup", "success_url": "%s/saved", "cancel_url": "%s/cart"}"""
                .formatted(site.origin(), site.origin()));
        browser.get(session.get("url").asString());

        browser.findElement(By.id("cancel")).click();

        assertThat(shown(By.id("shop")).getText()).isEqualTo("Back at the shop");
        assertThat(browser.getCurrentUrl()).isEqualTo(site.origin() + "/cart?session_id=" + session.get("id").asString());
        assertThat(json(site.api().get("/v1/checkout/sessions/" + session.get("id").asString())).get("status")
                .asString()).isEqualTo("cancelled");
    }

    /** With -Dtokengate.checkout.screenshots=DIR, saves what the shopper sees, for a human to look at. */
    private static void screenshot(String name) {
        String dir = System.getProperty("tokengate.checkout.screenshots");
        if (dir == null || dir.isBlank()) {
            return;
        }
        try {
            byte[] png = ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(org.openqa.selenium.OutputType.BYTES);
            Files.createDirectories(Path.of(dir));
            Files.write(Path.of(dir, name + ".png"), png);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The element once the page that has it has loaded (a click only starts the navigation). */
    private static WebElement shown(By by) {
        return await(ExpectedConditions.presenceOfElementLocated(by));
    }

    private static <T> T await(ExpectedCondition<T> condition) {
        return new WebDriverWait(browser, Duration.ofSeconds(15)).until(condition);
    }

    private static void fillCard(String number) {
        type("card_number", number);
        type("exp_month", "11");
        type("exp_year", "33");
        type("cvc", "123");
        type("cardholder_name", "Ada Lovelace");
    }

    private static void type(String id, String text) {
        var field = browser.findElement(By.id(id));
        field.clear();
        field.sendKeys(text);
    }

    /** A merchant whose registered return origin is the stand-in site. */
    private record Site(String origin, HttpTestClient api) {
        JsonNode create(String body) {
            HttpResponse<String> created = api.post("/v1/checkout/sessions", body);
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            return json(created);
        }
    }

    private Site site() {
        String origin = "http://localhost:" + shopSite.getAddress().getPort();
        TestMerchant merchant = fixture().merchant("Browser shop " + System.nanoTime(), List.of(origin));
        return new Site(origin, merchant.client("checkout:write"));
    }
}
