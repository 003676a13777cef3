package fr.sante.dmp.gateway.guard;

import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.gateway.ratelimit.RateLimiter;
import fr.sante.dmp.gateway.ratelimit.RateLimiter.Quota;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The instance's own limit and quota follow the Redis script's rules (ratelimit/guard.lua). */
class LocalGuardTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC);

    private static Optional<RateLimiter.QuotaClaim> claim(String patient) {
        return claim(patient, 3);
    }

    private static Optional<RateLimiter.QuotaClaim> claim(String patient, int perDay) {
        return Optional.of(new RateLimiter.QuotaClaim("dmp:pq:10001234565:2026-12-07", patient, perDay, 172_800));
    }

    @Test
    void aNewPatientPastTheQuotaIsRefusedOnceWithTheAlertAndOpenedOnesStayOpen() {
        LocalGuard guard = new LocalGuard(100, 100, 3, CLOCK);
        guard.mirror(claim("a").get()); // seen through Redis before the outage
        assertThat(guard.acquire("c1", claim("b"), 1).quota()).isEqualTo(Quota.NOT_COUNTED_OR_ALLOWED);
        assertThat(guard.acquire("c1", claim("c"), 1).quota()).isEqualTo(Quota.NOT_COUNTED_OR_ALLOWED);
        assertThat(guard.acquire("c1", claim("d"), 1).quota()).isEqualTo(Quota.REFUSED_FIRST_TIME_TODAY);
        assertThat(guard.acquire("c1", claim("e"), 0).quota()).isEqualTo(Quota.REFUSED);
        assertThat(guard.acquire("c1", claim("a"), 1).quota()).isEqualTo(Quota.NOT_COUNTED_OR_ALLOWED);
    }

    @Test
    void theBucketRefusesPastTheBurstAndAClaimWithoutCostTakesNoToken() {
        LocalGuard guard = new LocalGuard(2, 1, 500, CLOCK);
        assertThat(guard.acquire("c", Optional.empty(), 1).allowed()).isTrue();
        assertThat(guard.acquire("c", Optional.empty(), 1).allowed()).isTrue();
        assertThat(guard.acquire("c", claim("a"), 0).allowed()).isTrue();
        RateLimiter.Verdict refused = guard.acquire("c", claim("b"), 1);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfterMillis()).isBetween(1L, 1000L);
        assertThat(guard.acquire("other", Optional.empty(), 1).allowed()).as("another client").isTrue();
    }

    @Test
    void whatIsCountedAloneIsOwedToRedisUntilWrittenBackAndMirroringAloneOwesNothing() {
        LocalGuard guard = new LocalGuard(5, 1, 3, CLOCK);
        guard.mirror(claim("a").get());
        assertThat(guard.owedAll()).as("Redis holds what it accepted").isEmpty();
        assertThat(guard.owed("c1", claim("a"))).isEmpty();

        guard.acquire("c1", claim("b"), 1); // Redis did not answer
        List<LocalGuard.WriteBack> owed = guard.owed("c1", claim("b"));
        assertThat(owed).hasSize(2);
        LocalGuard.WriteBack set = owed.stream().filter(w -> w.set().isPresent()).findFirst().orElseThrow();
        assertThat(set.members()).as("only what Redis lacks: it accepted a").containsExactly("b");
        LocalGuard.WriteBack bucket = owed.stream().filter(w -> w.set().isEmpty()).findFirst().orElseThrow();
        assertThat(bucket.tokens().getAsDouble()).isEqualTo(4.0);

        owed.forEach(guard::written);
        assertThat(guard.owedAll()).isEmpty();
        // Redis forgot (restarted empty): the set is owed again, the mirrored patient with it, and the bucket.
        guard.redisForgot();
        assertThat(guard.owedAll()).hasSize(2).filteredOn(w -> w.set().isPresent()).singleElement()
                .satisfies(w -> assertThat(w.members()).containsExactlyInAnyOrder("a", "b"));
    }

    @Test
    void aLargeMirroredSetOwesOnlyThePatientOpenedAloneAndNothingOnceWrittenWhateverElseIsCounted() {
        LocalGuard guard = new LocalGuard(1000, 1000, 100_000, CLOCK);
        for (int i = 0; i < 20_000; i++) {
            guard.mirror(claim("p" + i, 100_000).get());
        }
        guard.acquire("c1", claim("new", 100_000), 1); // Redis did not answer
        LocalGuard.WriteBack set = guard.owed("c1", claim("p1", 100_000)).stream().filter(w -> w.set().isPresent())
                .findFirst().orElseThrow();
        assertThat(set.members()).containsExactly("new");
        guard.written(set);
        guard.acquire("c2", Optional.empty(), 1); // another client counted alone: a new generation
        assertThat(guard.owed("c1", claim("p1", 100_000))).filteredOn(w -> w.set().isPresent()).isEmpty();
    }
}
