package io.tokengate.gateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private static final Duration BASE = Duration.ofSeconds(10);

    @Test
    void nominalWhenProductionBaseThenDocumentedScheduleOfAboutADay() {
        Duration total = Duration.ZERO;
        StringBuilder schedule = new StringBuilder();
        for (int failures = 1; failures <= 9; failures++) {
            Duration d = Backoff.nominal(failures, BASE);
            schedule.append(d).append(' ');
            total = total.plus(d);
        }
        assertThat(schedule.toString().trim()).isEqualTo("PT10S PT30S PT2M PT10M PT1H PT2H PT4H PT8H PT8H");
        assertThat(total).isBetween(Duration.ofHours(23), Duration.ofHours(24));
        assertThat(Backoff.nominal(20, BASE)).isEqualTo(Duration.ofHours(8));
    }

    @Test
    void afterWhenJitteredThenWithinTwentyPercentAndNotConstant() {
        Duration nominal = Backoff.nominal(3, BASE);
        java.util.Set<Duration> seen = new java.util.HashSet<>();
        for (int i = 0; i < 200; i++) {
            Duration d = Backoff.after(3, BASE);
            assertThat(d).isBetween(nominal.multipliedBy(8).dividedBy(10), nominal.multipliedBy(12).dividedBy(10));
            seen.add(d);
        }
        assertThat(seen.size()).isGreaterThan(100);
    }
}
