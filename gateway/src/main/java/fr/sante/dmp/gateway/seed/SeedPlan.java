package fr.sante.dmp.gateway.seed;

import fr.sante.dmp.consent.DocumentClass;
import fr.sante.dmp.consent.Profession;
import fr.sante.dmp.consent.RecordState;
import fr.sante.dmp.consent.Rpps;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * What the seeder writes for person number i besides the identity: consent settings and documents, all a pure function
 * of i (and of the mean number of documents), so that a test or a load script can know what a record holds without
 * reading it. Only ACTIVE and CLOSED records carry settings and documents: an INVITED record cannot receive deposits
 * yet and an OPPOSED one keeps nothing (R1111-28).
 *
 * <p>Shares (assumptions, documented in loadtest/README.md): 45 % of records empty, the rest a geometric count whose
 * overall mean is {@code meanDocuments}; treating doctor for 70 % (one in 20 of them a load-test physician); 2 % block
 * one professional (half of them a load-test professional, so that k6 meets real 403s); 0.5 % oppose emergency access;
 * 5 % chose alert preferences; 3 % of documents masked, 0.5 % withheld from the patient; every ACTIVE record one live
 * care context of a load-test professional ({@link #careContext}). Document classes follow the 2024 national volumes
 * (RULES.md): biology 39 %, prescriptions 23 %, imaging 9 %, the rest spread.
 */
public final class SeedPlan {
    /** The load-test professionals are rpps(1..14), physicians rpps(1..6) ({@code loadtest/lib/professionals.js}). */
    public static final int LOAD_TEST_PROFESSIONALS = 14;
    public static final int LOAD_TEST_PHYSICIANS = 6;
    static final int AUTHOR_POOL = 200_000;
    static final int AUTHOR_BASE = 1_000;
    static final double EMPTY_SHARE = 0.45;
    static final int MAX_DOCUMENTS = 200;
    static final Duration HISTORY = Duration.ofDays(730);
    /** ACTIVE and CLOSED persons, the only ones holding documents: 9,350 in every 10,000 (SyntheticPopulation). */
    static final double HOLDING_SHARE = (10_000 - SyntheticPopulation.OPPOSED_PER_10K
            - SyntheticPopulation.INVITED_PER_10K) / 10_000.0;

    private static final DocumentClass[] CLASSES = {
        DocumentClass.LABORATORY_REPORT, DocumentClass.PRESCRIPTION, DocumentClass.IMAGING_REPORT,
        DocumentClass.CONSULTATION_NOTE, DocumentClass.HISTORY_AND_PHYSICAL, DocumentClass.DISCHARGE_SUMMARY,
        DocumentClass.SURGICAL_OPERATION_NOTE, DocumentClass.PATHOLOGY_REPORT, DocumentClass.IMMUNIZATION_HISTORY,
        DocumentClass.PATIENT_SUMMARY, DocumentClass.EPISODE_SUMMARY,
    };
    /** Per mille, cumulative: 390, 230, 90, then 290 over the eight other classes. */
    private static final int[] CUMULATIVE = {390, 620, 710, 747, 784, 820, 856, 892, 928, 964, 1000};
    private static final String[] TITLES = {
        "Compte rendu de biologie", "Ordonnance", "Compte rendu d'imagerie", "Note de consultation",
        "Observation médicale", "Lettre de liaison de sortie", "Compte rendu opératoire",
        "Compte rendu d'anatomopathologie", "Carnet de vaccination", "Volet de synthèse médicale",
        "Synthèse d'épisode de soins",
    };

    private final double meanDocuments;

    public SeedPlan(double meanDocuments) {
        if (!(meanDocuments >= 0) || meanDocuments > MAX_DOCUMENTS / 4.0) {
            throw new IllegalArgumentException("mean documents per person must be between 0 and " + MAX_DOCUMENTS / 4);
        }
        this.meanDocuments = meanDocuments;
    }

    public double meanDocuments() {
        return meanDocuments;
    }

    /** Number of documents of person i (0 unless ACTIVE or CLOSED). */
    public int documents(long i) {
        RecordState state = SyntheticPopulation.recordState(i);
        if (meanDocuments == 0 || (state != RecordState.ACTIVE && state != RecordState.CLOSED)) {
            return 0;
        }
        double u = unit(i, 1);
        double nonEmpty = 1 - EMPTY_SHARE;
        double mean = meanDocuments / HOLDING_SHARE; // the requested mean is over every person
        if (mean <= nonEmpty) {
            return u < mean ? 1 : 0; // sparse: at most one document
        }
        if (u < EMPTY_SHARE) {
            return 0;
        }
        double mu = mean / nonEmpty; // mean of the non-empty records, >= 1
        if (mu <= 1.0000001) {
            return 1;
        }
        double q = 1 - 1 / mu; // geometric on {1, 2, ...} with mean mu
        double v = unit(i, 2);
        int k = 1 + (int) Math.floor(Math.log(1 - v) / Math.log(q));
        return Math.min(k, MAX_DOCUMENTS);
    }

    public DocumentClass documentClass(long i, int j) {
        int r = (int) Long.remainderUnsigned(mix(i, 100 + j), 1000);
        for (int c = 0; c < CUMULATIVE.length; c++) {
            if (r < CUMULATIVE[c]) {
                return CLASSES[c];
            }
        }
        return CLASSES[CLASSES.length - 1];
    }

    public String title(long i, int j) {
        DocumentClass c = documentClass(i, j);
        for (int k = 0; k < CLASSES.length; k++) {
            if (CLASSES[k] == c) {
                return TITLES[k] + " n° " + (j + 1);
            }
        }
        return "Document n° " + (j + 1);
    }

    public Rpps author(long i, int j) {
        return rpps(AUTHOR_BASE + Long.remainderUnsigned(mix(i, 300 + j), AUTHOR_POOL));
    }

    public boolean masked(long i, int j) {
        return Long.remainderUnsigned(mix(i, 400 + j), 1000) < 30;
    }

    public boolean withheld(long i, int j) {
        return Long.remainderUnsigned(mix(i, 500 + j), 1000) < 5;
    }

    /** How long before the seed's reference instant document j was deposited (within the last two years). */
    public Duration depositedBefore(long i, int j) {
        return Duration.ofSeconds(Long.remainderUnsigned(mix(i, 600 + j), HISTORY.toSeconds()));
    }

    /** The plaintext content: a small fake PDF of 256 to 1,279 bytes. */
    public byte[] content(long i, int j) {
        int size = 256 + (int) Long.remainderUnsigned(mix(i, 700 + j), 1024);
        byte[] head = ("%PDF-1.7\n% synthetic DMP document " + i + "/" + j + " "
                + documentClass(i, j).loinc() + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[size];
        System.arraycopy(head, 0, out, 0, Math.min(head.length, size));
        long x = mix(i, 800 + j);
        for (int k = head.length; k < size; k++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
            out[k] = (byte) ('a' + (int) ((x >>> 33) % 26));
        }
        return out;
    }

    public Optional<Rpps> treatingDoctor(long i) {
        if (!hasSettings(i) || Long.remainderUnsigned(mix(i, 10), 100) >= 70) {
            return Optional.empty();
        }
        long r = mix(i, 11);
        return Optional.of(Long.remainderUnsigned(r, 20) == 0
                ? rpps(1 + Long.remainderUnsigned(r >>> 8, LOAD_TEST_PHYSICIANS))
                : rpps(AUTHOR_BASE + Long.remainderUnsigned(r >>> 8, AUTHOR_POOL)));
    }

    public Optional<Rpps> blockedProfessional(long i) {
        if (!hasSettings(i) || Long.remainderUnsigned(mix(i, 20), 1000) >= 20) {
            return Optional.empty();
        }
        long r = mix(i, 21);
        return Optional.of((r & 1) == 0
                ? rpps(1 + Long.remainderUnsigned(r >>> 8, LOAD_TEST_PROFESSIONALS))
                : rpps(AUTHOR_BASE + Long.remainderUnsigned(r >>> 8, AUTHOR_POOL)));
    }

    /**
     * The load-test professional who holds a live care context on person i's record (ACTIVE records only: no one
     * reads the others), as if their software had opened it when the patient's card was read: the k6 scenarios read
     * and deposit as this professional ({@code loadtest/lib/professionals.js}, {@code careTeamMember}, its twin). The
     * role follows the readers' weights over consecutive persons (physicians 55 %, pharmacists 20 %, nurses 15 %,
     * midwives and physiotherapists 5 % each), the professional within the role changes every 100 persons.
     */
    public Optional<LoadTestProfessional> careContext(long i) {
        if (SyntheticPopulation.recordState(i) != RecordState.ACTIVE) {
            return Optional.empty();
        }
        return Optional.of(careTeamMember(i));
    }

    /** A reading profile of {@code loadtest/lib/professionals.js}: its weight and its RPPS numbers. */
    private record Reader(Profession profession, int weight, int first, int count) {
    }

    /** PROFILES of professionals.js without the SAMU regulator (who reads only in emergencies), in its order. */
    private static final Reader[] READERS = {
        new Reader(Profession.PHYSICIAN, 55, 1, 6),
        new Reader(Profession.PHARMACIST, 20, 7, 3),
        new Reader(Profession.NURSE, 15, 10, 2),
        new Reader(Profession.MIDWIFE, 5, 12, 1),
        new Reader(Profession.PHYSIOTHERAPIST, 5, 13, 1),
    };

    /** A load-test professional: RPPS and profession. */
    public record LoadTestProfessional(Rpps rpps, Profession profession) {
    }

    /** Person i's load-test professional, whatever the record's state (the twin of careTeamMember in k6). */
    public static LoadTestProfessional careTeamMember(long i) {
        int total = 0;
        for (Reader r : READERS) {
            total += r.weight();
        }
        long x = Long.remainderUnsigned(i * 7919, total); // population.js weighted(): (n * 7919) % total
        for (Reader r : READERS) {
            if (x < r.weight()) {
                return new LoadTestProfessional(rpps(r.first() + (i / 100) % r.count()), r.profession());
            }
            x -= r.weight();
        }
        throw new IllegalStateException("unreachable");
    }

    public boolean emergencyAccessOpposed(long i) {
        return hasSettings(i) && Long.remainderUnsigned(mix(i, 30), 1000) < 5;
    }

    /** Alert choices {every, first, newDocument, email?} or empty for the defaults (no row). */
    public Optional<boolean[]> alerts(long i) {
        if (!hasSettings(i) || Long.remainderUnsigned(mix(i, 40), 100) >= 5) {
            return Optional.empty();
        }
        long r = mix(i, 41);
        return Optional.of(new boolean[] {(r & 1) != 0, (r & 2) != 0, (r & 4) != 0, (r & 8) != 0});
    }

    /** A deterministic value in [0, 1) for person i and a purpose. */
    static double unit(long i, int salt) {
        return (mix(i, salt) >>> 11) * 0x1.0p-53;
    }

    /** splitmix64 of (i, salt): independent streams per purpose. */
    static long mix(long i, int salt) {
        long z = i * 0x9E3779B97F4A7C15L + (salt + 1L) * 0xD1B54A32D192ED03L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A valid RPPS: {@code 1} + n on 9 digits + Luhn key, as {@code professionals.js} builds them. */
    public static Rpps rpps(long n) {
        String digits = Long.toString(n);
        String body = "1" + "000000000".substring(Math.min(9, digits.length())) + digits;
        return new Rpps(body + Rpps.luhnCheckDigit(body));
    }

    private static boolean hasSettings(long i) {
        RecordState s = SyntheticPopulation.recordState(i);
        return s == RecordState.ACTIVE || s == RecordState.CLOSED;
    }
}
