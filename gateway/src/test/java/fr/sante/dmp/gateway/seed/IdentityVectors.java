package fr.sante.dmp.gateway.seed;

import fr.sante.dmp.consent.RecordState;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.LongPredicate;

/**
 * The shared test vectors ({@code loadtest/vectors/identities.json}): which indices, and their exact JSON text. The JS
 * twin must reproduce every field; the Java test fails when the file differs from what this class renders (stale).
 * Regenerate with {@code -Dseed.writeVectors=true} on SyntheticPopulationTest.
 */
final class IdentityVectors {

    static final int COUNT = 200;

    private IdentityVectors() {
    }

    static List<Long> indices() {
        TreeSet<Long> picked = new TreeSet<>();
        for (long i = 0; i < 10; i++) {
            picked.add(i);
        }
        long cap = SyntheticPopulation.CAPACITY;
        picked.addAll(List.of(39_999_999L, 40_000_000L, 68_399_999L, 68_400_000L,
                (1L << 31) - 1, 1L << 31, (1L << 32) - 1, 1L << 32, (1L << 32) + 1, cap - 2, cap - 1));
        firstMatching(picked, 3, i -> department(i).equals("2A"));
        firstMatching(picked, 3, i -> department(i).equals("2B"));
        firstMatching(picked, 2, i -> ins(i).endsWith("97"));
        firstMatching(picked, 2, i -> ins(i).endsWith("01"));
        firstMatching(picked, 1, i -> person(i).birthDate().getMonthValue() == 2
                && person(i).birthDate().getDayOfMonth() == 29);
        firstMatching(picked, 1, i -> person(i).birthDate().getYear() == 2000);
        for (RecordState state : RecordState.values()) {
            if (state != RecordState.PURGED) {
                firstMatching(picked, 2, i -> SyntheticPopulation.recordState(i) == state);
            }
        }
        SplittableRandom random = new SplittableRandom(20_260_501L);
        while (picked.size() < COUNT) {
            picked.add(picked.size() % 2 == 0 ? random.nextLong(68_400_000L) : random.nextLong(cap));
        }
        return new ArrayList<>(picked);
    }

    static String render() {
        StringBuilder json = new StringBuilder();
        json.append("{\n");
        json.append("  \"generator\": \"fr.sante.dmp.gateway.seed.SyntheticPopulation\",\n");
        json.append("  \"regenerate\": \"./mvnw -B -ntp -o -pl gateway -am -Dtest=SyntheticPopulationTest")
                .append(" -Dsurefire.failIfNoSpecifiedTests=false -Dseed.writeVectors=true test\",\n");
        json.append("  \"capacity\": ").append(SyntheticPopulation.CAPACITY).append(",\n");
        json.append("  \"persons\": [\n");
        List<Long> indices = indices();
        for (int k = 0; k < indices.size(); k++) {
            SyntheticPerson p = person(indices.get(k));
            json.append("    {\"index\": ").append(p.index())
                    .append(", \"ins\": \"").append(p.ins().value())
                    .append("\", \"sex\": ").append(p.sex())
                    .append(", \"birthDate\": \"").append(p.birthDate())
                    .append("\", \"givenName\": \"").append(p.givenName())
                    .append("\", \"familyName\": \"").append(p.familyName())
                    .append("\", \"phone\": \"").append(p.phone())
                    .append("\", \"email\": \"").append(p.email())
                    .append("\", \"state\": \"").append(p.state())
                    .append("\"}").append(k + 1 < indices.size() ? ",\n" : "\n");
        }
        json.append("  ]\n}\n");
        return json.toString();
    }

    private static void firstMatching(TreeSet<Long> picked, int count, LongPredicate predicate) {
        int found = 0;
        for (long i = 10; found < count; i++) {
            if (predicate.test(i) && picked.add(i)) {
                found++;
            }
        }
    }

    private static SyntheticPerson person(long i) {
        return SyntheticPopulation.person(i);
    }

    private static String ins(long i) {
        return person(i).ins().value();
    }

    private static String department(long i) {
        return ins(i).substring(5, 7);
    }
}
