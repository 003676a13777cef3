package fr.sante.dmp.store.research;

import java.time.YearMonth;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * k-anonymity of the rows about persons (documents, care-history lines) on their quasi-identifiers: the person's
 * published ones and the month. A group counts distinct persons, not rows. A row whose (person, month) group has
 * fewer than k persons is generalised to the year; if the (person, year) group of the persons so generalised still
 * has fewer than k, the row is suppressed. Memory: one counter per distinct group.
 */
final class RowGroups {
    private final int k;
    private final Map<Key, int[]> byMonth = new HashMap<>();
    private final Map<Key, int[]> byYear = new HashMap<>();
    private boolean anyMonthTooSmall;

    RowGroups(int k) {
        this.k = k;
    }

    /** Second pass: the distinct months of one person's rows. */
    void countMonths(PersonGroups.PersonQi person, Set<YearMonth> months) {
        for (YearMonth m : months) {
            byMonth.computeIfAbsent(new Key(person, m.toString()), x -> new int[1])[0]++;
        }
    }

    /** After the second pass: whether a third pass (years) is needed at all. */
    boolean needsYears() {
        if (!anyMonthTooSmall) {
            anyMonthTooSmall = byMonth.values().stream().anyMatch(n -> n[0] < k);
        }
        return anyMonthTooSmall;
    }

    /** Third pass: the distinct years of the person's rows whose month group is too small. */
    void countYears(PersonGroups.PersonQi person, Set<YearMonth> months) {
        months.stream().filter(m -> !monthPublished(person, m)).map(m -> Integer.toString(m.getYear())).distinct()
                .forEach(y -> byYear.computeIfAbsent(new Key(person, y), x -> new int[1])[0]++);
    }

    /** The period published for a row: its month, its year, or null when the row is suppressed. */
    String period(PersonGroups.PersonQi person, YearMonth month) {
        if (monthPublished(person, month)) {
            return month.toString();
        }
        String year = Integer.toString(month.getYear());
        int[] n = byYear.get(new Key(person, year));
        return n != null && n[0] >= k ? year : null;
    }

    private boolean monthPublished(PersonGroups.PersonQi person, YearMonth month) {
        int[] n = byMonth.get(new Key(person, month.toString()));
        return n != null && n[0] >= k;
    }

    PersonGroups.GroupSizes publishedSizes() {
        PersonGroups.GroupSizes s = new PersonGroups.GroupSizes();
        byMonth.values().forEach(n -> s.add(n[0], k));
        byYear.values().forEach(n -> s.add(n[0], k));
        return s;
    }

    /** A published row group. */
    record Key(PersonGroups.PersonQi person, String period) {
    }
}
