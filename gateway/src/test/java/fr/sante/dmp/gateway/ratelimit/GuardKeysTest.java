package fr.sante.dmp.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.gateway.guard.SmsCaps;
import org.junit.jupiter.api.Test;

class GuardKeysTest {

    @Test
    void slotsAreRedisClusterOnes() {
        // Values of CLUSTER KEYSLOT on Redis 7.0.
        assertThat(GuardKeys.slot("foo")).isEqualTo(12182);
        assertThat(GuardKeys.slot("123456789")).isEqualTo(12739);
        assertThat(GuardKeys.slot("{user1000}.following")).isEqualTo(GuardKeys.slot("user1000"));
    }

    @Test
    void aProfessionalsBucketSetMarkerAndSentinelShareOneSlot() {
        String bucket = GuardKeys.bucket("rpps:10001234565");
        String set = GuardKeys.patientsOfDay("10001234565", "2026-12-07");
        int slot = GuardKeys.slot(bucket);
        assertThat(GuardKeys.slot(set)).isEqualTo(slot);
        assertThat(GuardKeys.slot(GuardKeys.alerted(set))).isEqualTo(slot);
        assertThat(GuardKeys.slot(GuardKeys.sentinel("instance-1", bucket))).isEqualTo(slot);
    }

    @Test
    void professionalsSpreadOverSlots() {
        assertThat(GuardKeys.slot(GuardKeys.bucket("rpps:10001234565")))
                .isNotEqualTo(GuardKeys.slot(GuardKeys.bucket("rpps:10001234566")));
    }

    @Test
    void aNumbersSmsCounterSitsWithTheDaysBudget() {
        assertThat(GuardKeys.slot("dmp:sms:{2026-12-07}:n:abc")).isEqualTo(GuardKeys.slot(SmsCaps.budgetKey("2026-12-07")));
    }
}
