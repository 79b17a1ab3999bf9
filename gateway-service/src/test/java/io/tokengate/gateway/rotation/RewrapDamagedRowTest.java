package io.tokengate.gateway.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

/**
 * Guards the re-wrap's handling of a row that does not open, for both kinds the rotation package
 * re-wraps: the row stays byte for byte, its key is logged, everything else moves, and the rotation
 * waits for it instead of completing over data that would be lost with the old version.
 */
@ExtendWith(OutputCaptureExtension.class)
class RewrapDamagedRowTest extends RotationTestSupport {

    @Test
    void rewrapWhenACardAndATokenValueDoNotOpenThenTheyStayAsTheyAreAndTheRotationWaitsForThem(
            CapturedOutput output) throws Exception {
        int before = rotateAndSettle();
        String merchant = fixture().merchant().id();
        seedCards(merchant, 50);
        String card = jdbc.queryForObject("SELECT id FROM cards WHERE merchant_id = ? ORDER BY id LIMIT 1",
                String.class, merchant);
        long token = jdbc.queryForObject("SELECT id FROM tokens WHERE merchant_id = ? ORDER BY id LIMIT 1",
                Long.class, merchant);
        byte[] cardBlob = cardBlob(card);
        byte[] tokenBlob = tokenBlob(token);
        // One bit of the card's wrapped data key, one of the token value's GCM tag: neither opens,
        // and the version bytes, which the version columns follow, stay as they are.
        jdbc.update("UPDATE cards SET sealed = set_byte(sealed, 7, get_byte(sealed, 7) # 1) WHERE id = ?", card);
        jdbc.update("UPDATE tokens SET token_sealed = set_byte(token_sealed, length(token_sealed) - 1, "
                + "get_byte(token_sealed, length(token_sealed) - 1) # 1) WHERE id = ?", token);
        byte[] damagedCard = cardBlob(card);
        byte[] damagedToken = tokenBlob(token);

        JsonNode started = rotate();
        String id = started.get("id").asString();
        int to = started.get("to_version").asInt();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (rowsNotUnder(to) > 2) {
            assertThat(System.nanoTime()).as("everything else moved").isLessThan(deadline);
            Thread.sleep(100);
        }
        Thread.sleep(1_500); // a few more runs, which claim the two rows again and leave them again

        assertThat(rotation(id).get("status").asString()).isEqualTo("rewrapping");
        assertThat(rowsNotUnder(to)).isEqualTo(2);
        assertThat(cardsUnder(before)).isEqualTo(1);
        assertThat(tokensUnder(before)).isEqualTo(1);
        assertThat(cardBlob(card)).isEqualTo(damagedCard);
        assertThat(tokenBlob(token)).isEqualTo(damagedToken);
        assertThat(output.getAll())
                .contains("card " + card + " does not open under kek-v" + before
                        + " and cannot be re-wrapped; it stays as it is")
                .contains("token " + token + " does not open under kek-v" + before
                        + " and cannot be re-wrapped; it stays as it is");

        jdbc.update("UPDATE cards SET sealed = ? WHERE id = ?", cardBlob, card);
        jdbc.update("UPDATE tokens SET token_sealed = ? WHERE id = ?", tokenBlob, token);
        awaitCompleted(id, Duration.ofSeconds(30));
        assertThat(rowsNotUnder(to)).isZero();
        assertThat(openEverything()).isZero();
    }

    private byte[] cardBlob(String card) {
        return jdbc.queryForObject("SELECT sealed FROM cards WHERE id = ?", byte[].class, card);
    }

    private byte[] tokenBlob(long token) {
        return jdbc.queryForObject("SELECT token_sealed FROM tokens WHERE id = ?", byte[].class, token);
    }
}
