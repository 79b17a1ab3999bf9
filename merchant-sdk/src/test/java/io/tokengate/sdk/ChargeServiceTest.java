package io.tokengate.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokengate.sdk.exception.CardDeclinedException;
import io.tokengate.sdk.exception.InvalidRequestException;
import io.tokengate.sdk.model.Charge;
import io.tokengate.sdk.model.Page;
import io.tokengate.sdk.param.ChargeCaptureParams;
import io.tokengate.sdk.param.ChargeCreateParams;
import io.tokengate.sdk.param.ChargeListParams;
import io.tokengate.sdk.testing.GatewayTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code client.charges()} against the real gateway. */
class ChargeServiceTest extends GatewayTest {

    private static TestMerchant merchant;
    private static TokenGateClient client;

    @BeforeAll
    static void shop() {
        merchant = merchant();
        client = merchant.client();
    }

    private static ChargeCreateParams.Builder charge(String token, long amount) {
        return ChargeCreateParams.builder().token(token).amount(amount).currency("EUR");
    }

    @Test
    void createWhenCardApprovedThenCapturedChargeReturned() {
        String token = merchant.card("4242424242424242");

        Charge charge = client.charges().create(charge(token, 1050).description("Order 42").reference("ord_42")
                .build());

        assertThat(charge.id()).startsWith("ch_");
        assertThat(charge.object()).isEqualTo("charge");
        assertThat(charge.status()).isEqualTo(Charge.CAPTURED);
        assertThat(charge.amount()).isEqualTo(1050);
        assertThat(charge.capturedAmount()).isEqualTo(1050);
        assertThat(charge.currency()).isEqualTo("EUR");
        assertThat(charge.token()).isEqualTo(token);
        assertThat(charge.reference()).isEqualTo("ord_42");
        assertThat(charge.channel()).isEqualTo("customer_initiated");
        assertThat(charge.createdAt()).isNotNull();
        assertThat(charge.toString()).doesNotContain(token);
        assertThat(client.charges().get(charge.id())).isEqualTo(charge);
    }

    @Test
    void createWhenCardDeclinedThenCardDeclinedExceptionNamesDeclineCodeAndCharge() {
        String token = merchant.card("4000000000009995");

        CardDeclinedException declined = org.junit.jupiter.api.Assertions.assertThrows(CardDeclinedException.class,
                () -> client.charges().create(charge(token, 700).build()));

        assertThat(declined.getStatusCode()).isEqualTo(402);
        assertThat(declined.getCode()).isEqualTo("card_declined");
        assertThat(declined.getDeclineCode()).isEqualTo("insufficient_funds");
        assertThat(declined.getRequestId()).startsWith("req_");
        assertThat(declined.getMessage()).contains("insufficient_funds").contains("another card")
                .doesNotContain(token);
        Charge recorded = client.charges().get(declined.getChargeId());
        assertThat(recorded.status()).isEqualTo(Charge.DECLINED);
        assertThat(recorded.declineCode()).isEqualTo("insufficient_funds");
    }

    @Test
    void captureWhenAuthorizedThenCapturedPartiallyAndOnlyOnce() {
        String token = merchant.card("5555555555554444");
        Charge authorized = client.charges().create(charge(token, 2000).capture(false).build());
        assertThat(authorized.status()).isEqualTo(Charge.AUTHORIZED);

        Charge captured = client.charges().capture(authorized.id(), ChargeCaptureParams.builder().amount(1500).build());

        assertThat(captured.status()).isEqualTo(Charge.CAPTURED);
        assertThat(captured.capturedAmount()).isEqualTo(1500);
        assertThatThrownBy(() -> client.charges().capture(authorized.id()))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(409);
                    assertThat(e.getCode()).isEqualTo("state_conflict");
                });
    }

    @Test
    void voidChargeWhenAuthorizedThenVoidedAndCapturedOneRefused() {
        String token = merchant.card("4242424242424242");
        Charge authorized = client.charges().create(charge(token, 900).capture(false).build());
        Charge captured = client.charges().create(charge(token, 900).build());

        Charge voided = client.charges().voidCharge(authorized.id());

        assertThat(voided.status()).isEqualTo(Charge.VOIDED);
        assertThat(voided.voidedAt()).isNotNull();
        assertThatThrownBy(() -> client.charges().voidCharge(captured.id()))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.getCode()).isEqualTo("state_conflict"));
    }

    @Test
    void createWhenMerchantInitiatedThenChannelRecorded() {
        String token = merchant.card("4000000000003220");

        Charge charge = client.charges().create(charge(token, 300)
                .channel(ChargeCreateParams.Channel.MERCHANT_INITIATED).build());

        assertThat(charge.channel()).isEqualTo("merchant_initiated");
        assertThat(charge.status()).isEqualTo(Charge.CAPTURED);
    }

    @Test
    void listWhenSeveralPagesThenAutoPagingWalksEveryChargeNewestFirst() {
        String token = merchant.card("4242424242424242");
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(0, client.charges().create(charge(token, 100 + i).build()).id());
        }

        Page<Charge> first = client.charges().list(ChargeListParams.builder().token(token).limit(2).build());
        List<String> walked = new ArrayList<>();
        first.autoPagingIterable().forEach(c -> walked.add(c.id()));

        assertThat(first.data()).hasSize(2);
        assertThat(first.hasMore()).isTrue();
        assertThat(first.nextCursor()).isNotNull();
        assertThat(walked).containsExactlyElementsOf(created);
        assertThat(first.next().orElseThrow().data()).extracting(Charge::id).containsExactly(created.get(2),
                created.get(3));
        assertThat(client.charges().list(ChargeListParams.builder().token(token).status("voided").build()).data())
                .isEmpty();
    }

    @Test
    void getWhenUnknownChargeThenInvalidRequestNotFound() {
        assertThatThrownBy(() -> client.charges().get("ch_doesNotExist1234567890"))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(404);
                    assertThat(e.getCode()).isEqualTo("not_found");
                    assertThat(e.getMessage()).contains("another merchant");
                });
    }
}
