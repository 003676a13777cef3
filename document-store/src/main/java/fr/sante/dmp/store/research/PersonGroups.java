package fr.sante.dmp.store.research;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * k-anonymity of the persons on their quasi-identifiers (age band, sex, département). A person whose full group has
 * fewer than k members is generalised (département replaced by {@value #ANY}); if the generalised group still has
 * fewer than k such persons, the person is suppressed. Memory is bounded by the number of distinct groups (≤ 20 age
 * bands × 3 sexes × ~110 départements), never by the population.
 */
final class PersonGroups {
    static final String ANY = "*";

    private final int k;
    private final Map<PersonQi, int[]> full = new HashMap<>();
    private Map<PersonQi, int[]> generalised;

    PersonGroups(int k) {
        this.k = k;
    }

    /** First pass: one call per person. */
    void count(PersonQi qi) {
        full.computeIfAbsent(qi, q -> new int[1])[0]++;
    }

    /** After the first pass: the groups of the persons generalised. */
    void close() {
        generalised = new HashMap<>();
        full.forEach((qi, n) -> {
            if (n[0] < k) {
                generalised.computeIfAbsent(qi.withoutDepartment(), q -> new int[1])[0] += n[0];
            }
        });
    }

    /** The quasi-identifiers published for a person, or empty when the person is suppressed. */
    Optional<PersonQi> publish(PersonQi qi) {
        int[] n = full.get(qi);
        if (n != null && n[0] >= k) {
            return Optional.of(qi);
        }
        PersonQi wider = qi.withoutDepartment();
        int[] g = generalised.get(wider);
        return g != null && g[0] >= k ? Optional.of(wider) : Optional.empty();
    }

    /** Sizes of the published groups: smallest (worst re-identification risk is 1/smallest) and count. */
    GroupSizes publishedSizes() {
        GroupSizes s = new GroupSizes();
        full.values().forEach(n -> s.add(n[0], k));
        generalised.values().forEach(n -> s.add(n[0], k));
        return s;
    }

    /** The person's quasi-identifiers. */
    record PersonQi(String ageBand, String sex, String department) {
        PersonQi withoutDepartment() {
            return new PersonQi(ageBand, sex, ANY);
        }
    }

    /** Published group sizes (those of at least k). */
    static final class GroupSizes {
        long groups;
        long members;
        long smallest = Long.MAX_VALUE;

        void add(long n, int k) {
            if (n >= k) {
                groups++;
                members += n;
                smallest = Math.min(smallest, n);
            }
        }

        /** The highest probability of re-identifying a published row (1 / smallest group), 0 with none. */
        double maxRisk() {
            return groups == 0 ? 0 : 1.0 / smallest;
        }

        /** The average probability over published rows (groups / rows). */
        double averageRisk() {
            return members == 0 ? 0 : (double) groups / members;
        }
    }
}
