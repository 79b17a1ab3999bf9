package io.tokengate.gateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokengate.gateway.web.ApiException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

/** The SSRF rules of webhook URLs, without the gateway: address classes and URL shapes. */
class WebhookUrlsTest {

    @Test
    void isPublicWhenAddressIsInternalThenFalse() throws UnknownHostException {
        for (String internal : new String[] {"127.0.0.1", "10.0.0.1", "172.16.5.4", "192.168.1.1", "169.254.169.254",
                "100.64.0.1", "0.0.0.0", "224.0.0.1", "240.0.0.1", "255.255.255.255", "198.18.0.1", "::1", "::",
                "fe80::1", "fd12:3456::1", "::ffff:10.0.0.1", "64:ff9b::a9fe:a9fe", "::7f00:1"}) {
            assertThat(WebhookUrls.isPublic(InetAddress.getByName(internal))).as(internal).isFalse();
        }
    }

    @Test
    void isPublicWhenAddressIsOnTheInternetThenTrue() throws UnknownHostException {
        for (String external : new String[] {"8.8.8.8", "1.1.1.1", "100.128.0.1", "2606:4700:4700::1111",
                "::ffff:8.8.8.8"}) {
            assertThat(WebhookUrls.isPublic(InetAddress.getByName(external))).as(external).isTrue();
        }
    }

    @Test
    void normaliseWhenLocalhostThenHttpAllowedOnlyInDevelopment() {
        assertThat(WebhookUrls.normalise("http://LOCALHOST:8080/hooks", true)).isEqualTo("http://localhost:8080/hooks");
        assertThat(WebhookUrls.normalise("https://shop.example", false)).isEqualTo("https://shop.example/");
        assertThatThrownBy(() -> WebhookUrls.normalise("http://localhost:8080/hooks", false))
                .isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> WebhookUrls.normalise("https://127.0.0.1/hooks", false))
                .isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> WebhookUrls.normalise("https://shop.example/h#frag", true))
                .isInstanceOf(ApiException.class);
    }

    @Test
    void refusalWhenLiteralIsPrivateThenAddressNotAllowed() {
        assertThat(WebhookUrls.refusal(URI.create("https://10.9.8.7/h"), true)).isEqualTo("address_not_allowed");
        assertThat(WebhookUrls.refusal(URI.create("https://[fd00::5]/h"), true)).isEqualTo("address_not_allowed");
        assertThat(WebhookUrls.refusal(URI.create("http://127.0.0.1:9/h"), false)).isEqualTo("address_not_allowed");
        assertThat(WebhookUrls.refusal(URI.create("http://127.0.0.1:9/h"), true)).isNull();
        assertThat(WebhookUrls.refusal(URI.create("https://8.8.8.8/h"), false)).isNull();
    }
}
