package io.tokengate.gateway.acquirer;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokengate.gateway.support.IntegrationTest;
import io.tokengate.vault.card.CardPayload;
import io.tokengate.vault.card.Cvc;
import io.tokengate.vault.card.Expiry;
import io.tokengate.vault.card.Pan;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The simulator through the port the gateway uses (with the client-side time limit), ledger in PostgreSQL. */
class SimulatedAcquirerTest extends IntegrationTest {

    @Autowired
    Acquirer acquirer;
    @Autowired
    AcquirerProperties properties;
    @Autowired
    JdbcClient jdbc;

    @ParameterizedTest
    @CsvSource({
            "4242424242424242, 123, Verified",
            "378282246310005, 1234, Verified",
            "4242424242424242, 1234, CvcIncorrect",
            "4000000000000127, 123, CvcIncorrect",
            "4000000000003220, 123, AuthenticationRequired",
            "4000000000000002, 123, Declined:generic_decline",
            "4000000000009995, 123, Declined:insufficient_funds",
            "4000000000000069, 123, Declined:expired_card",
            "4000000000009987, 123, Declined:lost_card",
            "4000000000009979, 123, Declined:stolen_card",
            "4000000000000119, 123, ProcessingError"})
    void verifyWhenTestCardThenDocumentedResult(String number, String cvc, String expected) {
        VerificationResult result = acquirer.verify(new VerificationRequest(reference(), card(number, 2034),
                Cvc.parse(cvc)));

        String actual = switch (result) {
            case VerificationResult.Declined d -> "Declined:" + d.code().code();
            default -> result.getClass().getSimpleName();
        };
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void verifyWhenCardExpiredThenDeclinedExpired() {
        VerificationResult result = acquirer.verify(new VerificationRequest(reference(), card("4242424242424242", 2020),
                null));

        assertThat(result).isEqualTo(new VerificationResult.Declined(DeclineCode.EXPIRED_CARD));
    }

    @Test
    void completeChallengeWhenPasscodeWrongThenAttemptsCountDownAndRightOnePasses() {
        String challenge = challenge();

        assertThat(acquirer.completeChallenge(challenge, "000000")).isEqualTo(new ChallengeResult.Failed(2));
        assertThat(acquirer.completeChallenge(challenge, "")).isEqualTo(new ChallengeResult.Failed(1));
        ChallengeResult passed = acquirer.completeChallenge(challenge, "123456");

        assertThat(passed).isInstanceOf(ChallengeResult.Authenticated.class);
        assertThat(acquirer.completeChallenge(challenge, "123456")).isEqualTo(new ChallengeResult.Failed(0));
    }

    @Test
    void completeChallengeWhenThreeWrongPasscodesThenChallengeOver() {
        String challenge = challenge();
        for (int i = 0; i < 3; i++) {
            acquirer.completeChallenge(challenge, "999999");
        }

        assertThat(acquirer.completeChallenge(challenge, "123456")).isEqualTo(new ChallengeResult.Failed(0));
        assertThat(acquirer.completeChallenge("chl_unknown", "123456")).isEqualTo(new ChallengeResult.Failed(0));
    }

    @Test
    void authorizeWhenSameReferenceTwiceThenOneAuthorization() {
        String reference = reference();
        AcquirerResult first = acquirer.authorize(request(reference, "4242424242424242", 500, false));
        AcquirerResult second = acquirer.authorize(request(reference, "4242424242424242", 500, false));

        assertThat(second).isEqualTo(first).isInstanceOf(AcquirerResult.Approved.class);
        assertThat(jdbc.sql("SELECT count(*) FROM acquirer_sim_ledger WHERE reference = ?").param(reference)
                .query(Integer.class).single()).isEqualTo(1);
    }

    @Test
    void ledgerWhenCaptureVoidRefundThenChecksStateAndAmounts() {
        String reference = reference();
        String acq = ((AcquirerResult.Approved) acquirer.authorize(request(reference, "4242424242424242", 1000, false)))
                .acquirerReference();
        assertThat(lookup(reference).status()).isEqualTo("authorized");
        assertThat(acquirer.capture(reference, "acq_wrong", 100)).isInstanceOf(AcquirerResult.Declined.class);
        assertThat(acquirer.capture(reference, acq, 1001)).isInstanceOf(AcquirerResult.Declined.class);
        assertThat(acquirer.refund(new RefundRequest(reference(), reference, acq, 1, "EUR")))
                .as("nothing captured yet").isInstanceOf(AcquirerResult.Declined.class);

        assertThat(acquirer.capture(reference, acq, 800)).isEqualTo(new AcquirerResult.Approved(acq));
        assertThat(acquirer.capture(reference, acq, 800)).as("a retried capture").isEqualTo(new AcquirerResult.Approved(acq));
        assertThat(acquirer.voidAuthorization(reference, acq)).isInstanceOf(AcquirerResult.Declined.class);
        String refundRef = reference();
        AcquirerResult refunded = acquirer.refund(new RefundRequest(refundRef, reference, acq, 500, "EUR"));
        assertThat(refunded).isInstanceOf(AcquirerResult.Approved.class);
        assertThat(acquirer.refund(new RefundRequest(refundRef, reference, acq, 500, "EUR"))).isEqualTo(refunded);
        assertThat(acquirer.refund(new RefundRequest(reference(), reference, acq, 301, "EUR")))
                .isInstanceOf(AcquirerResult.Declined.class);

        AcquirerTransaction after = lookup(reference);
        assertThat(after.capturedAmount()).isEqualTo(800);
        assertThat(after.refundedAmount()).isEqualTo(500);
        assertThat(lookup(refundRef).kind()).isEqualTo("refund");
        assertThat(acquirer.lookup(reference())).isInstanceOf(LookupResult.NotFound.class);
    }

    @Test
    void voidWhenAuthorizedThenVoided() {
        String reference = reference();
        String acq = ((AcquirerResult.Approved) acquirer.authorize(request(reference, "5555555555554444", 100, false)))
                .acquirerReference();

        assertThat(acquirer.voidAuthorization(reference, acq)).isEqualTo(new AcquirerResult.Approved(acq));
        assertThat(lookup(reference).voided()).isTrue();
        assertThat(acquirer.capture(reference, acq, 100)).isInstanceOf(AcquirerResult.Declined.class);
    }

    @Test
    void authorizeWhenSlowerThanTimeoutThenTimeoutAndNothingRecorded() {
        Duration timeout = properties.getTimeout();
        Duration slow = properties.getSimulator().getSlowDelay();
        properties.setTimeout(Duration.ofMillis(100));
        properties.getSimulator().setSlowDelay(Duration.ofSeconds(2));
        String reference = reference();
        try {
            long started = System.nanoTime();
            AcquirerResult result = acquirer.authorize(request(reference, "4000000000000077", 100, true));

            assertThat(result).isInstanceOf(AcquirerResult.Timeout.class);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
        } finally {
            properties.setTimeout(timeout);
            properties.getSimulator().setSlowDelay(slow);
        }
        assertThat(acquirer.lookup(reference)).isInstanceOf(LookupResult.NotFound.class);
    }

    private String challenge() {
        VerificationResult result = acquirer.verify(new VerificationRequest(reference(), card("4000000000003220", 2034),
                Cvc.parse("123")));
        return ((VerificationResult.AuthenticationRequired) result).challengeId();
    }

    private AcquirerTransaction lookup(String reference) {
        return ((LookupResult.Found) acquirer.lookup(reference)).transaction();
    }

    private static AuthorizationRequest request(String reference, String number, long amount, boolean capture) {
        return new AuthorizationRequest(reference, card(number, 2034), amount, "EUR", capture, false, false);
    }

    private static CardPayload card(String number, int year) {
        return new CardPayload(Pan.parse(number), new Expiry(12, year), "A B");
    }

    private static String reference() {
        return "test_" + UUID.randomUUID();
    }
}
