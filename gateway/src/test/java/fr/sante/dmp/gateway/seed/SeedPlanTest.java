package fr.sante.dmp.gateway.seed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import fr.sante.dmp.consent.DocumentClass;
import fr.sante.dmp.consent.RecordState;
import fr.sante.dmp.consent.Rpps;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class SeedPlanTest {
    private static final int N = 200_000;
    private final SeedPlan plan = new SeedPlan(3);

    @Test
    void theMeanNumberOfDocumentsIsTheRequestedOneAndManyRecordsAreEmpty() {
        double mean = LongStream.range(0, N).map(plan::documents).average().orElseThrow();
        assertThat(mean).isCloseTo(3, within(0.06)); // over everyone, though only ACTIVE and CLOSED hold documents
        long empty = LongStream.range(0, N).filter(i -> plan.documents(i) == 0).count();
        assertThat(empty * 100 / N).isBetween(47L, 50L); // 45 % of ACTIVE/CLOSED, plus INVITED and OPPOSED
        assertThat(new SeedPlan(0.2).documents(7)).isBetween(0, 1);
        assertThat(LongStream.range(0, N).map(new SeedPlan(0.2)::documents).average().orElseThrow())
                .isCloseTo(0.2, within(0.01));
    }

    @Test
    void documentClassesFollowTheNationalVolumes() {
        Map<DocumentClass, Integer> counts = new EnumMap<>(DocumentClass.class);
        int total = 0;
        for (long i = 0; i < N; i++) {
            for (int j = 0; j < plan.documents(i); j++) {
                counts.merge(plan.documentClass(i, j), 1, Integer::sum);
                total++;
            }
        }
        assertThat(counts.get(DocumentClass.LABORATORY_REPORT) / (double) total).isCloseTo(0.39, within(0.01));
        assertThat(counts.get(DocumentClass.PRESCRIPTION) / (double) total).isCloseTo(0.23, within(0.01));
        assertThat(counts.get(DocumentClass.IMAGING_REPORT) / (double) total).isCloseTo(0.09, within(0.01));
        assertThat(counts).doesNotContainKey(DocumentClass.ADVANCE_DIRECTIVES).hasSize(11);
    }

    @Test
    void invitedAndOpposedRecordsHoldNeitherDocumentsNorChoices() {
        LongStream.range(0, 20_000)
                .filter(i -> SyntheticPopulation.recordState(i) == RecordState.INVITED
                        || SyntheticPopulation.recordState(i) == RecordState.OPPOSED)
                .forEach(i -> {
                    assertThat(plan.documents(i)).isZero();
                    assertThat(plan.treatingDoctor(i)).isEmpty();
                    assertThat(plan.blockedProfessional(i)).isEmpty();
                    assertThat(plan.alerts(i)).isEmpty();
                });
    }

    @Test
    void rppsAreValidAndTheLoadTestProfessionalsAreThoseOfProfessionalsJs() {
        assertThat(SeedPlan.rpps(1).value()).isEqualTo("10000000017"); // rpps(1) in loadtest/lib/professionals.js
        LongStream.range(0, 5_000).forEach(i -> {
            plan.treatingDoctor(i).ifPresent(r -> assertThat(Rpps.parse(r.value())).isEqualTo(r));
            assertThat(Rpps.parse(plan.author(i, 0).value())).isEqualTo(plan.author(i, 0));
        });
        long blockedLoadTest = LongStream.range(0, N).filter(i -> plan.blockedProfessional(i)
                .filter(r -> Long.parseLong(r.value().substring(1, 10)) <= SeedPlan.LOAD_TEST_PROFESSIONALS)
                .isPresent()).count();
        assertThat(blockedLoadTest).isPositive();
    }

    @Test
    void everyActivePersonHasOneLoadTestProfessionalInCareAsK6PicksThem() {
        // The same table is asserted by loadtest/test/population.test.mjs against careTeamMember() of professionals.js.
        String[][] twin = {{"0", "10", "10000000017"}, {"1", "10", "10000000017"}, {"3", "21", "10000000074"},
            {"4", "60", "10000000108"}, {"5", "70", "10000000132"}, {"150", "10", "10000000025"},
            {"12345", "21", "10000000074"}, {"39999999", "60", "10000000116"}};
        for (String[] row : twin) {
            SeedPlan.LoadTestProfessional member = SeedPlan.careTeamMember(Long.parseLong(row[0]));
            assertThat(member.profession().code()).as(row[0]).isEqualTo(row[1]);
            assertThat(member.rpps().value()).as(row[0]).isEqualTo(row[2]);
        }
        java.util.Map<String, Long> byProfession = new java.util.TreeMap<>();
        LongStream.range(0, N).forEach(i -> {
            if (SyntheticPopulation.recordState(i) == RecordState.ACTIVE) {
                SeedPlan.LoadTestProfessional member = plan.careContext(i).orElseThrow();
                assertThat(Long.parseLong(member.rpps().value().substring(1, 10)))
                        .isBetween(1L, (long) SeedPlan.LOAD_TEST_PROFESSIONALS - 1); // not the SAMU regulator
                byProfession.merge(member.profession().code(), 1L, Long::sum);
            } else {
                assertThat(plan.careContext(i)).isEmpty();
            }
        });
        long active = byProfession.values().stream().mapToLong(Long::longValue).sum();
        assertThat(byProfession.get("10") * 100 / active).isBetween(53L, 57L);
        assertThat(byProfession.get("21") * 100 / active).isBetween(18L, 22L);
    }

    @Test
    void thePlanIsAPureFunctionOfTheIndex() {
        assertThat(plan.content(42, 1)).isEqualTo(new SeedPlan(3).content(42, 1));
        assertThat(plan.title(42, 1)).isEqualTo(new SeedPlan(3).title(42, 1));
        assertThat(plan.content(42, 1)).isNotEqualTo(plan.content(43, 1));
    }
}
