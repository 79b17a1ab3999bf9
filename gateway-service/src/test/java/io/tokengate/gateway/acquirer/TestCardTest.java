package io.tokengate.gateway.acquirer;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokengate.vault.card.CardBrand;
import io.tokengate.vault.card.Pan;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TestCardTest {

    @ParameterizedTest
    @EnumSource(TestCard.class)
    void parseWhenTestCardThenValidPanWithItsBehaviour(TestCard card) {
        Pan pan = Pan.parse(card.number());

        assertThat(pan.brand()).isNotEqualTo(CardBrand.UNKNOWN);
        assertThat(TestCard.behaviourOf(pan)).isEqualTo(card.behaviour());
    }

    @Test
    void behaviourOfWhenNumberNotInTableThenApproved() {
        assertThat(TestCard.behaviourOf(Pan.parse("4111111111111111"))).isEqualTo(TestCard.Behaviour.APPROVE);
    }

    @ParameterizedTest
    @EnumSource(TestCard.class)
    void docsWhenTestCardThenListedInTestCardsTable(TestCard card) throws Exception {
        Path docs = Path.of("..", "docs", "test-cards.md");
        assertThat(Files.readString(docs)).contains("`" + card.number() + "`");
    }
}
