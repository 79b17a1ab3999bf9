package io.tokengate.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokengate.sdk.exception.InvalidRequestException;
import io.tokengate.sdk.model.Token;
import io.tokengate.sdk.param.ChargeCreateParams;
import io.tokengate.sdk.param.TokenListParams;
import io.tokengate.sdk.testing.GatewayTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code client.tokens()} against the real gateway. */
class TokenServiceTest extends GatewayTest {

    private static TestMerchant merchant;
    private static TokenGateClient client;

    @BeforeAll
    static void shop() {
        merchant = merchant();
        client = merchant.client();
    }

    @Test
    void getWhenOwnTokenThenStatusControlsAndCardDisplayFields() {
        String value = ops().importCard(merchant.id(), "4242424242424242", """
                {"usage": "single_use", "max_amount": 5000, "max_amount_currency": "EUR"}""");

        Token token = client.tokens().get(value);

        assertThat(token.token()).isEqualTo(value);
        assertThat(token.merchant()).isEqualTo(merchant.id());
        assertThat(token.status()).isEqualTo("active");
        assertThat(token.format()).isEqualTo("opaque");
        assertThat(token.card().brand()).isEqualTo("visa");
        assertThat(token.card().last4()).isEqualTo("4242");
        assertThat(token.card().expMonth()).isEqualTo(12);
        assertThat(token.card().expYear()).isEqualTo(2034);
        assertThat(token.controls().usage()).isEqualTo("single_use");
        assertThat(token.controls().maxAmount()).isEqualTo(5000L);
        assertThat(token.controls().maxAmountCurrency()).isEqualTo("EUR");
        assertThat(token.used()).isFalse();
        assertThat(token.toString()).doesNotContain(value);
    }

    @Test
    void getWhenAnotherMerchantsTokenThenNotFoundLikeAnUnknownOne() {
        String foreign = merchant().card("4242424242424242");

        assertThatThrownBy(() -> client.tokens().get(foreign))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(404);
                    assertThat(e.getParam()).isEqualTo("token");
                    assertThat(e.getMessage()).doesNotContain(foreign);
                });
    }

    @Test
    void listWhenFilteredByStatusThenAutoPagingWalksOnlyThoseNewestFirst() {
        TestMerchant own = merchant();
        TokenGateClient ownClient = own.client();
        List<String> active = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            active.add(0, own.card("4242424242424242"));
        }
        String revoked = own.card("5555555555554444");
        ownClient.tokens().revoke(revoked);

        List<String> walked = new ArrayList<>();
        ownClient.tokens().list(TokenListParams.builder().status("active").limit(2).build()).autoPagingIterable()
                .forEach(t -> walked.add(t.token()));

        assertThat(walked).containsExactlyElementsOf(active);
        assertThat(ownClient.tokens().list(TokenListParams.builder().status("revoked").build()).data())
                .extracting(Token::token).containsExactly(revoked);
        assertThat(ownClient.tokens().list().data()).hasSize(4);
    }

    @Test
    void revokeWhenActiveThenRevokedIdempotentlyAndChargesRefused() {
        String value = merchant.card("4242424242424242");

        Token revoked = client.tokens().revoke(value);

        assertThat(revoked.status()).isEqualTo("revoked");
        assertThat(revoked.revokedReason()).isEqualTo("revoked by merchant");
        assertThat(client.tokens().revoke(value).revokedAt()).isEqualTo(revoked.revokedAt());
        assertThatThrownBy(() -> client.charges().create(ChargeCreateParams.builder().token(value).amount(100)
                .currency("EUR").build()))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(422);
                    assertThat(e.getCode()).isEqualTo("token_revoked");
                    assertThat(e.getMessage()).contains("setup mode");
                });
    }
}
