package io.tokengate.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokengate.sdk.exception.InvalidRequestException;
import io.tokengate.sdk.exception.PermissionException;
import io.tokengate.sdk.model.CheckoutCompletion;
import io.tokengate.sdk.model.CheckoutSession;
import io.tokengate.sdk.model.TokenControls;
import io.tokengate.sdk.param.CheckoutSessionCompleteParams;
import io.tokengate.sdk.param.CheckoutSessionCreateParams;
import io.tokengate.sdk.testing.GatewayTest;
import io.tokengate.sdk.testing.Shopper;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code client.checkoutSessions()} against the real gateway, with a scriptless shopper walking
 * the hosted page between create and complete.
 */
class CheckoutSessionServiceTest extends GatewayTest {

    private static final String SUCCESS = SHOP + "/checkout/done?order=42";
    private static final String CANCEL = SHOP + "/cart";

    private static TestMerchant merchant;
    private static TokenGateClient client;

    @BeforeAll
    static void shop() {
        merchant = merchant();
        client = merchant.client();
    }

    private static CheckoutSessionCreateParams.Builder payment(long amount) {
        return CheckoutSessionCreateParams.builder().mode(CheckoutSessionCreateParams.Mode.PAYMENT).amount(amount)
                .currency("EUR").successUrl(SUCCESS).cancelUrl(CANCEL);
    }

    @Test
    void createWhenPaymentModeThenOpenSessionWithTheHostedPage() {
        CheckoutSession session = client.checkoutSessions().create(payment(4999).merchantReference("order-42")
                .expiresInSeconds(900).build());

        assertThat(session.id()).startsWith("cs_");
        assertThat(session.url()).isEqualTo(gateway().baseUrl() + "/checkout/" + session.id());
        assertThat(session.status()).isEqualTo("open");
        assertThat(session.mode()).isEqualTo("payment");
        assertThat(session.amount()).isEqualTo(4999L);
        assertThat(session.merchantReference()).isEqualTo("order-42");
        assertThat(session.token()).isNull();
        assertThat(session.expiresAt()).isAfter(session.createdAt());
        assertThat(client.checkoutSessions().get(session.id()).status()).isEqualTo("open");
    }

    @Test
    void completeWhenShopperPaidThenTokenAndCapturedChargeAndSessionShowsToken() {
        CheckoutSession session = client.checkoutSessions().create(payment(1250).build());
        String back = new Shopper().payOnHostedPage(session.url(), "5555555555554444");
        Map<String, String> query = Shopper.query(back);
        assertThat(back).startsWith(SHOP + "/checkout/done?order=42&");
        assertThat(query).containsEntry("session_id", session.id());

        CheckoutCompletion done = client.checkoutSessions().complete(session.id(),
                CheckoutSessionCompleteParams.builder().code(query.get("code")).build());

        assertThat(done.session().status()).isEqualTo("completed");
        assertThat(done.token().card().brand()).isEqualTo("mastercard");
        assertThat(done.token().card().last4()).isEqualTo("4444");
        assertThat(done.charge().status()).isEqualTo("captured");
        assertThat(done.charge().amount()).isEqualTo(1250);
        assertThat(done.charge().token()).isEqualTo(done.token().token());
        CheckoutSession read = client.checkoutSessions().get(session.id());
        assertThat(read.token()).isEqualTo(done.token().token());
        assertThat(read.card().last4()).isEqualTo("4444");
        assertThat(read.charge()).isEqualTo(done.charge().id());
    }

    @Test
    void completeWhenSetupModeThenTokenWithRequestedControlsAndNoCharge() {
        CheckoutSession session = client.checkoutSessions().create(CheckoutSessionCreateParams.builder()
                .mode(CheckoutSessionCreateParams.Mode.SETUP).successUrl(SUCCESS).cancelUrl(CANCEL)
                .tokenControls(TokenControls.builder().usage(TokenControls.MULTI_USE)
                        .channel(TokenControls.MERCHANT_INITIATED).build())
                .build());
        String code = Shopper.query(new Shopper().payOnHostedPage(session.url(), "4242424242424242")).get("code");

        CheckoutCompletion done = client.checkoutSessions().complete(session.id(),
                CheckoutSessionCompleteParams.builder().code(code).build());

        assertThat(done.charge()).isNull();
        assertThat(done.token().controls().channel()).isEqualTo("merchant_initiated");
        assertThat(done.token().status()).isEqualTo("active");
    }

    @Test
    void completeWhenCodeIsWrongOrUsedThenInvalidRequestNamingTheCode() {
        CheckoutSession session = client.checkoutSessions().create(payment(500).build());
        String code = Shopper.query(new Shopper().payOnHostedPage(session.url(), "4242424242424242")).get("code");

        assertThatThrownBy(() -> client.checkoutSessions().complete(session.id(),
                CheckoutSessionCompleteParams.builder().code("chk_wrong").build()))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(422);
                    assertThat(e.getCode()).isEqualTo("checkout_code_invalid");
                    assertThat(e.getParam()).isEqualTo("code");
                });
        client.checkoutSessions().complete(session.id(), CheckoutSessionCompleteParams.builder().code(code).build());
        assertThatThrownBy(() -> client.checkoutSessions().complete(session.id(),
                CheckoutSessionCompleteParams.builder().code(code).build()))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.getMessage()).contains("checkoutSessions().get(id)"));
    }

    @Test
    void createWhenReturnUrlNotRegisteredThenInvalidRequestNamingTheField() {
        assertThatThrownBy(() -> client.checkoutSessions().create(payment(500)
                .successUrl("https://evil.example/steal").build()))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(400);
                    assertThat(e.getParam()).isEqualTo("success_url");
                });
    }

    @Test
    void createWhenCurrencyNotAllowedByTheAclThenPermissionExceptionWithTheRule() {
        assertThatThrownBy(() -> client.checkoutSessions().create(payment(500).currency("GBP").build()))
                .isInstanceOfSatisfying(PermissionException.class, e -> {
                    assertThat(e.getCode()).isEqualTo("acl_denied");
                    assertThat(e.getRule()).isEqualTo("currency");
                });
    }
}
