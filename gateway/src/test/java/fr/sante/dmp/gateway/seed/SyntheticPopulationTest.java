package fr.sante.dmp.gateway.seed;

import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.consent.RecordState;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SyntheticPopulationTest {

    private static final Path VECTORS = Path.of("..", "loadtest", "vectors", "identities.json");

    @Test
    void sharedVectorsFileIsExactlyWhatTheGeneratorProduces() throws IOException {
        String expected = IdentityVectors.render();
        if (Boolean.getBoolean("seed.writeVectors")) {
            Files.writeString(VECTORS, expected, StandardCharsets.UTF_8);
        }
        assertThat(VECTORS).as("shared vectors (regenerate with -Dseed.writeVectors=true)").exists();
        assertThat(Files.readString(VECTORS, StandardCharsets.UTF_8))
                .as("loadtest/vectors/identities.json is stale: regenerate with -Dseed.writeVectors=true")
                .isEqualTo(expected);
    }

    @Test
    void vectorsCoverTheEdgesAndCorsica() {
        assertThat(IdentityVectors.indices()).hasSize(IdentityVectors.COUNT)
                .contains(0L, 1L, 39_999_999L, SyntheticPopulation.CAPACITY - 1);
        assertThat(IdentityVectors.indices().stream().map(i -> SyntheticPopulation.person(i).ins().value()))
                .anyMatch(ins -> ins.startsWith("2A", 5))
                .anyMatch(ins -> ins.startsWith("2B", 5))
                .anyMatch(ins -> ins.endsWith("97"));
    }

    @Test
    void everyPersonHasAValidInsConsistentWithBirthDateAndSex() {
        for (long i : IdentityVectors.indices()) {
            assertPlausible(SyntheticPopulation.person(i));
        }
        SplittableRandom random = new SplittableRandom(7);
        for (int k = 0; k < 20_000; k++) {
            assertPlausible(SyntheticPopulation.person(random.nextLong(SyntheticPopulation.CAPACITY)));
        }
    }

    @Test
    void aMillionConsecutiveIndicesGiveAMillionDistinctIns() {
        Set<String> seen = new HashSet<>(2_000_000);
        for (long i = 0; i < 1_000_000; i++) {
            if (!seen.add(SyntheticPopulation.person(i).ins().value())) {
                assertThat(i).as("person %d repeats an earlier INS", i).isNegative();
            }
        }
        assertThat(seen).hasSize(1_000_000);
    }

    @Test
    void indexOfInvertsPersonSoTheMapIsABijection() {
        // A left inverse proves injectivity; checked on a block at the 40 M mark and across the whole domain.
        for (long i = 39_800_000; i < 40_000_000; i++) {
            long back = SyntheticPopulation.indexOf(SyntheticPopulation.person(i).ins()).orElse(-1);
            if (back != i) {
                assertThat(back).as("indexOf(person(%d).ins())", i).isEqualTo(i);
            }
        }
        SplittableRandom random = new SplittableRandom(11);
        for (int k = 0; k < 20_000; k++) {
            long i = random.nextLong(SyntheticPopulation.CAPACITY);
            assertThat(SyntheticPopulation.indexOf(SyntheticPopulation.person(i).ins())).hasValue(i);
        }
    }

    @Test
    void insOutsideThePopulationHasNoIndex() {
        assertThat(SyntheticPopulation.indexOf(Ins.parse("185057512345673"))).isNotEmpty();
        assertThat(SyntheticPopulation.indexOf(withKey("3850575123456"))).isEmpty();
        assertThat(SyntheticPopulation.indexOf(withKey("1853075123456"))).isEmpty();
        assertThat(SyntheticPopulation.indexOf(withKey("1850599123456"))).isEmpty();
        assertThat(SyntheticPopulation.indexOf(withKey("1850575000456"))).isEmpty();
    }

    @Test
    void indicesOutsideTheDomainAreRefused() {
        assertThatThrownBy(() -> SyntheticPopulation.person(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SyntheticPopulation.person(SyntheticPopulation.CAPACITY))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void recordStatesFollowThePlannedShares() {
        Map<RecordState, Integer> counts = new EnumMap<>(RecordState.class);
        for (long i = 40_000_000; i < 40_010_000; i++) {
            counts.merge(SyntheticPopulation.recordState(i), 1, Integer::sum);
        }
        assertThat(counts).containsExactlyInAnyOrderEntriesOf(Map.of(
                RecordState.ACTIVE, 9_300, RecordState.INVITED, 500, RecordState.OPPOSED, 150, RecordState.CLOSED, 50));
    }

    @Test
    void toStringRevealsNoPersonalData() {
        SyntheticPerson p = SyntheticPopulation.person(42);
        assertThat(p.toString()).isEqualTo("SyntheticPerson[index=42]")
                .doesNotContain(p.ins().value(), p.givenName(), p.email());
    }

    private static Ins withKey(String number) {
        return Ins.parse(number + String.format("%02d", Ins.key(number)));
    }

    private static void assertPlausible(SyntheticPerson p) {
        String ins = p.ins().value();
        assertThat(Ins.parse(ins)).isEqualTo(p.ins());
        assertThat(p.sex()).isBetween(1, 2);
        assertThat(ins.charAt(0) - '0').isEqualTo(p.sex());
        LocalDate birth = p.birthDate();
        assertThat(birth.getYear()).isBetween(1925, 2024);
        assertThat(Integer.parseInt(ins.substring(1, 3))).isEqualTo(birth.getYear() % 100);
        assertThat(Integer.parseInt(ins.substring(3, 5))).isEqualTo(birth.getMonthValue());
        assertThat(ins.substring(5, 7)).isIn(SyntheticPopulation.DEPARTMENTS).isNotEqualTo("20");
        assertThat(Integer.parseInt(ins.substring(7, 10))).isBetween(1, 999);
        assertThat(Integer.parseInt(ins.substring(10, 13))).isBetween(1, 999);
        assertThat(p.givenName()).isIn(p.sex() == 1 ? SyntheticNames.MALE : SyntheticNames.FEMALE);
        assertThat(p.familyName()).isIn(SyntheticNames.FAMILY);
        assertThat(p.phone()).matches("\\+3363998\\d{4}");
        assertThat(p.email()).isEqualTo("p" + p.index() + "@example.test");
    }
}
