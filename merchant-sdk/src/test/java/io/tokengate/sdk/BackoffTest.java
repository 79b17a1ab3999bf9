package io.tokengate.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokengate.sdk.internal.Backoff;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(8));

    @Test
    void delayWhenRetriesGrowThenDoublesWithinJitterUpToTheCap() {
        for (int i = 0; i < 200; i++) {
            assertThat(backoff.delay(0, null).toMillis()).isBetween(250L, 500L);
            assertThat(backoff.delay(2, null).toMillis()).isBetween(1000L, 2000L);
            assertThat(backoff.delay(10, null).toMillis()).isBetween(4000L, 8000L);
            assertThat(backoff.delay(62, null).toMillis()).isBetween(4000L, 8000L);
        }
    }

    @Test
    void delayWhenJitteredThenClientsDoNotAllWaitTheSame() {
        assertThat(java.util.stream.IntStream.range(0, 50).mapToObj(i -> backoff.delay(3, null)).distinct().count())
                .isGreaterThan(10);
    }

    @Test
    void delayWhenRetryAfterIsLongerThenItIsTheFloor() {
        assertThat(backoff.delay(0, Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(3));
        assertThat(backoff.delay(0, Duration.ofMillis(1)).toMillis()).isBetween(250L, 500L);
    }
}
