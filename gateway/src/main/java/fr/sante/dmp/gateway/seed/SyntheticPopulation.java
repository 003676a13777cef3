package fr.sante.dmp.gateway.seed;

import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.consent.RecordState;

import java.time.LocalDate;
import java.time.Year;
import java.util.List;
import java.util.OptionalLong;

/**
 * The synthetic population: person number {@code i} (0 &le; i &lt; {@link #CAPACITY}) as a pure function of i.
 *
 * <p>How: i is scrambled by a fixed permutation of {@code [0, CAPACITY)} ({@link IndexScramble}), then the result is
 * read as a mixed-radix number whose digits are, least significant first: sex (2), month (12), department (96:
 * 01–95 without 20, plus 2A and 2B), commune (001–999), order (001–999), birth year (1925–2024). The product of the
 * radices is exactly CAPACITY, so the map i → INS is a bijection; {@link #indexOf(Ins)} is its inverse. Names and the
 * day of birth come from a hash of i (they are not part of the INS and need not be unique).
 *
 * <p>Twin: {@code loadtest/lib/identity.js} (k6). Shared vectors: {@code loadtest/vectors/identities.json}.
 */
public final class SyntheticPopulation {

    public static final int FIRST_BIRTH_YEAR = 1925;
    public static final int BIRTH_YEARS = 100;
    public static final List<String> DEPARTMENTS = departments();
    /** Number of distinct persons: 2 × 12 × 96 × 999 × 999 × 100 = 229,939,430,400. */
    public static final long CAPACITY = 2L * 12 * DEPARTMENTS.size() * 999 * 999 * BIRTH_YEARS;

    private static final IndexScramble SCRAMBLE = new IndexScramble(CAPACITY);
    private static final int NAME_SALT = 0x2545F491;
    private static final int FAMILY_SALT = 0x68E31DA4;
    private static final long STATE_RUN = 10_000;
    private static final long STATE_MULTIPLIER = 7_193; // coprime with 10,000: a permutation of the run
    private static final long STATE_OFFSET = 1_234;
    /** Per 10,000 persons: opposed 1.5 % (1.48 % after the first waves, RULES.md), closed 0.5 %, invited 5 %. */
    static final int OPPOSED_PER_10K = 150;
    static final int CLOSED_PER_10K = 50;
    static final int INVITED_PER_10K = 500;

    private SyntheticPopulation() {
    }

    /** Person number {@code index}; throws IllegalArgumentException outside {@code [0, CAPACITY)}. */
    public static SyntheticPerson person(long index) {
        long y = SCRAMBLE.permute(index);
        int sex = (int) (y % 2) + 1;
        y /= 2;
        int month = (int) (y % 12) + 1;
        y /= 12;
        String department = DEPARTMENTS.get((int) (y % DEPARTMENTS.size()));
        y /= DEPARTMENTS.size();
        int commune = (int) (y % 999) + 1;
        y /= 999;
        int order = (int) (y % 999) + 1;
        y /= 999;
        int year = FIRST_BIRTH_YEAR + (int) y;

        String number = sex + two(year % 100) + two(month) + department + three(commune) + three(order);
        Ins ins = Ins.parse(number + two(Ins.key(number)));

        int hash = IndexScramble.fmix32(IndexScramble.fmix32((int) index ^ NAME_SALT) ^ (int) (index >>> 32));
        int day = 1 + Integer.remainderUnsigned(hash, Year.of(year).atMonth(month).lengthOfMonth());
        List<String> given = sex == 1 ? SyntheticNames.MALE : SyntheticNames.FEMALE;
        String givenName = given.get((hash >>> 8) % given.size());
        String familyName = SyntheticNames.FAMILY.get(
                Integer.remainderUnsigned(IndexScramble.fmix32(hash ^ FAMILY_SALT), SyntheticNames.FAMILY.size()));
        return new SyntheticPerson(index, ins, sex, LocalDate.of(year, month, day), givenName, familyName,
                phone(index), "p" + index + "@example.test", recordState(index));
    }

    /**
     * The state the seeder gives person {@code index}'s record, a pure function of the index so that load tests pick
     * ACTIVE or INVITED persons without asking the database. Exact shares in every run of 10,000 consecutive indices:
     * 9,300 ACTIVE, 500 INVITED, 150 OPPOSED, 50 CLOSED; the position within the run goes through a fixed affine
     * permutation of 0..9999, which lets k6 enumerate "the n-th invited person" in O(1) (identity.js).
     */
    public static RecordState recordState(long index) {
        if (index < 0) {
            throw new IllegalArgumentException("index must be >= 0");
        }
        int bucket = (int) (((index % STATE_RUN) * STATE_MULTIPLIER + STATE_OFFSET) % STATE_RUN);
        if (bucket < OPPOSED_PER_10K) {
            return RecordState.OPPOSED;
        }
        if (bucket < OPPOSED_PER_10K + CLOSED_PER_10K) {
            return RecordState.CLOSED;
        }
        if (bucket < OPPOSED_PER_10K + CLOSED_PER_10K + INVITED_PER_10K) {
            return RecordState.INVITED;
        }
        return RecordState.ACTIVE;
    }

    /**
     * The index whose person has this INS, or empty when the INS lies outside the synthetic population (a sex digit
     * other than 1/2, a month above 12, department 97–99, commune or order 000).
     */
    public static OptionalLong indexOf(Ins ins) {
        String v = ins.value();
        int sex = v.charAt(0) - '0';
        int yy = Integer.parseInt(v.substring(1, 3));
        int month = Integer.parseInt(v.substring(3, 5));
        int department = DEPARTMENTS.indexOf(v.substring(5, 7));
        int commune = Integer.parseInt(v.substring(7, 10));
        int order = Integer.parseInt(v.substring(10, 13));
        if (sex < 1 || sex > 2 || month > 12 || department < 0 || commune == 0 || order == 0) {
            return OptionalLong.empty();
        }
        int yearOffset = Math.floorMod(yy - FIRST_BIRTH_YEAR, 100);
        long y = yearOffset;
        y = y * 999 + (order - 1);
        y = y * 999 + (commune - 1);
        y = y * DEPARTMENTS.size() + department;
        y = y * 12 + (month - 1);
        y = y * 2 + (sex - 1);
        return OptionalLong.of(SCRAMBLE.invert(y));
    }

    /**
     * 06 39 98 xx xx is a block ARCEP reserves for fiction: no real subscriber can receive these, even if a real SMS
     * gateway were wired by mistake. Only 10,000 numbers, hence shared; the email is the unique contact.
     */
    static String phone(long index) {
        int last = (int) (index % 10_000);
        return "+3363998" + two(last / 100) + two(last % 100);
    }

    private static List<String> departments() {
        String[] codes = new String[96];
        int n = 0;
        for (int d = 1; d <= 95; d++) {
            if (d == 20) {
                codes[n++] = "2A";
                codes[n++] = "2B";
            } else {
                codes[n++] = two(d);
            }
        }
        return List.of(codes);
    }

    private static String two(int value) {
        return value < 10 ? "0" + value : Integer.toString(value);
    }

    private static String three(int value) {
        return value < 10 ? "00" + value : value < 100 ? "0" + value : Integer.toString(value);
    }
}
