package fr.sante.dmp.gateway.guard;

import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.gateway.ratelimit.RateLimiter;
import fr.sante.dmp.gateway.ratelimit.RateLimiter.Quota;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The instance's own limit and quota follow the Redis script's rules (ratelimit/guard.lua). */
class LocalGuardTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC);

    private static Optional<RateLimiter.QuotaClaim> claim(String patient) {
        return Optional.of(new RateLimiter.QuotaClaim("dmp:pq:10001234565:2026-12-07", patient, 3, 172_800));
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
}
