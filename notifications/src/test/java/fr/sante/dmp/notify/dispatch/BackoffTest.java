package fr.sante.dmp.notify.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private final Backoff backoff = new Backoff(Duration.ofSeconds(30), Duration.ofHours(1));

    @Test
    void delayDoublesWithJitterAndIsCapped() {
        for (int i = 0; i < 200; i++) {
            assertThat(backoff.delaySeconds(1)).isBetween(15.0, 30.0);
            assertThat(backoff.delaySeconds(3)).isBetween(60.0, 120.0);
            assertThat(backoff.delaySeconds(30)).isBetween(1800.0, 3600.0);
        }
    }

    @Test
    void jitterSpreadsRetries() {
        assertThat(java.util.stream.IntStream.range(0, 50).mapToDouble(i -> backoff.delaySeconds(2)).distinct().count())
                .isGreaterThan(40);
    }
}
