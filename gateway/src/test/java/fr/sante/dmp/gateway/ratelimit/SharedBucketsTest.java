package fr.sante.dmp.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The local buckets of DMP_RATE_LIMIT_POLICY=local, on a clock the test moves. */
class SharedBucketsTest {

    /** A clock that moves only when told. */
    private static final class Ticking extends Clock {
        private long millis = Instant.parse("2026-12-07T10:00:00Z").toEpochMilli();

        void advance(long ms) {
            millis += ms;
        }

        @Override
        public long millis() {
            return millis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    @Test
    void aBucketAloneRefusesPastTheBurstWithTheTimeToWaitAndRefillsAtTheRate() {
        Ticking clock = new Ticking();
        SharedBuckets buckets = new SharedBuckets(3, 10, clock);
        for (int i = 0; i < 3; i++) {
            assertThat(buckets.take("c", 1)).isZero();
        }
        assertThat(buckets.take("c", 1)).isEqualTo(100); // one token at 10/s
        clock.advance(200);
        assertThat(buckets.take("c", 1)).isZero();
        assertThat(buckets.take("c", 1)).isZero();
        assertThat(buckets.take("c", 1)).isPositive();
    }

    @Test
    void whatWasTakenIsDrainedOnceAndOwedAgainWhenTheExchangeFailed() {
        SharedBuckets buckets = new SharedBuckets(10, 1, new Ticking());
        buckets.take("a", 1);
        buckets.take("a", 2);
        buckets.take("b", 1);
        List<SharedBuckets.Taken> taken = buckets.drain();
        assertThat(taken).containsExactlyInAnyOrder(new SharedBuckets.Taken("a", 3), new SharedBuckets.Taken("b", 1));
        assertThat(buckets.drain()).isEmpty(); // nothing taken since
        buckets.unsent(new SharedBuckets.Taken("a", 3));
        buckets.take("a", 1);
        assertThat(buckets.drain()).containsExactly(new SharedBuckets.Taken("a", 4));
    }

    @Test
    void theBucketFallsToWhatTheSharedOneHasLeftLessWhatWasTakenSinceTheExchangeLeft() {
        Ticking clock = new Ticking();
        SharedBuckets buckets = new SharedBuckets(10, 0.001, clock);
        buckets.take("c", 2);
        SharedBuckets.Taken sent = buckets.drain().get(0);
        buckets.take("c", 1); // while the exchange is in flight
        buckets.settle(sent, 3, 1); // other instances took 5: Redis has 3 left after these 2
        assertThat(buckets.take("c", 1)).isZero();
        assertThat(buckets.take("c", 1)).isZero();
        assertThat(buckets.take("c", 1)).isPositive(); // 3 left − 1 taken in flight = 2
    }

    @Test
    void twoInstancesServingAClientEachKeepHalfAndRefillAtHalfTheRate() {
        Ticking clock = new Ticking();
        SharedBuckets buckets = new SharedBuckets(100, 10, clock);
        buckets.take("c", 100);
        buckets.settle(buckets.drain().get(0), 0, 2);
        clock.advance(1000); // 10 tokens for the two instances together: 5 here
        for (int i = 0; i < 5; i++) {
            assertThat(buckets.take("c", 1)).isZero();
        }
        assertThat(buckets.take("c", 1)).isEqualTo(200); // one token at 5/s
        clock.advance(60_000);
        // Full again, at half the burst while the other instance serves the client too.
        for (int i = 0; i < 50; i++) {
            assertThat(buckets.take("c", 1)).isZero();
        }
        assertThat(buckets.take("c", 1)).isPositive();
        // The other instance gone (Redis counts one), this one gets the whole budget back.
        buckets.settle(buckets.drain().get(0), 100, 1);
        clock.advance(60_000);
        for (int i = 0; i < 100; i++) {
            assertThat(buckets.take("c", 1)).isZero();
        }
    }
}
