package io.tokengate.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokengate.sdk.exception.InvalidRequestException;
import io.tokengate.sdk.model.Charge;
import io.tokengate.sdk.model.Refund;
import io.tokengate.sdk.param.ChargeCreateParams;
import io.tokengate.sdk.param.RefundCreateParams;
import io.tokengate.sdk.param.RefundListParams;
import io.tokengate.sdk.testing.GatewayTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code client.refunds()} against the real gateway. */
class RefundServiceTest extends GatewayTest {

    private static TestMerchant merchant;
    private static TokenGateClient client;

    @BeforeAll
    static void shop() {
        merchant = merchant();
        client = merchant.client();
    }

    private static Charge captured(String number, long amount) {
        return client.charges().create(ChargeCreateParams.builder().token(merchant.card(number)).amount(amount)
                .currency("USD").build());
    }

    @Test
    void createWhenPartialThenSucceededAndChargeShowsRefundedAmount() {
        Charge charge = captured("4242424242424242", 1000);

        Refund refund = client.refunds().create(RefundCreateParams.builder().charge(charge.id()).amount(300)
                .reason(RefundCreateParams.Reason.REQUESTED_BY_CUSTOMER).build());

        assertThat(refund.id()).startsWith("re_");
        assertThat(refund.status()).isEqualTo("succeeded");
        assertThat(refund.amount()).isEqualTo(300);
        assertThat(refund.currency()).isEqualTo("USD");
        assertThat(refund.reason()).isEqualTo("requested_by_customer");
        assertThat(client.refunds().get(refund.id())).isEqualTo(refund);
        assertThat(client.charges().get(charge.id()).refundedAmount()).isEqualTo(300);
    }

    @Test
    void createWhenMoreThanIsLeftThenInvalidRequestAmountExceedsAvailable() {
        Charge charge = captured("4242424242424242", 1000);
        Refund rest = client.refunds().create(RefundCreateParams.builder().charge(charge.id()).build());
        assertThat(rest.amount()).isEqualTo(1000);

        assertThatThrownBy(() -> client.refunds().create(RefundCreateParams.builder().charge(charge.id()).amount(1)
                .build()))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(422);
                    assertThat(e.getCode()).isEqualTo("amount_exceeds_available");
                    assertThat(e.getMessage()).contains("what is left");
                });
    }

    @Test
    void createWhenNetworkRefusesThenFailedRefundReturnedNotThrown() {
        Charge charge = captured("4000000000005126", 800);

        Refund refund = client.refunds().create(RefundCreateParams.builder().charge(charge.id()).build());

        assertThat(refund.status()).isEqualTo("failed");
        assertThat(refund.failureCode()).isEqualTo("transaction_not_allowed");
    }

    @Test
    void listWhenChargeHasSeveralRefundsThenAutoPagingWalksThemAll() {
        Charge charge = captured("5555555555554444", 1000);
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            created.add(0, client.refunds().create(RefundCreateParams.builder().charge(charge.id()).amount(100)
                    .build()).id());
        }

        List<String> walked = new ArrayList<>();
        client.refunds().list(RefundListParams.builder().charge(charge.id()).limit(2).build())
                .autoPagingIterable().forEach(r -> walked.add(r.id()));

        assertThat(walked).containsExactlyElementsOf(created);
    }
}
