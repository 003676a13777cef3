package fr.sante.dmp.consent.bench;

import fr.sante.dmp.consent.AccessRequest;
import fr.sante.dmp.consent.Action;
import fr.sante.dmp.consent.Actor;
import fr.sante.dmp.consent.ConsentEngine;
import fr.sante.dmp.consent.ConsentSettings;
import fr.sante.dmp.consent.Decision;
import fr.sante.dmp.consent.DocumentClass;
import fr.sante.dmp.consent.DocumentFacts;
import fr.sante.dmp.consent.Profession;
import fr.sante.dmp.consent.Purpose;
import fr.sante.dmp.consent.RecordState;
import fr.sante.dmp.consent.Rpps;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * The consent engine's hot path: one document decision (what {@code readDocument} asks) and filtering a record of 50
 * documents (what {@code listDocuments} asks). Not a test: surefire ignores it; run it with {@link #main}, see
 * docs/BENCHMARKS.md for the command.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ConsentBenchmark {
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    private ConsentEngine engine;
    private AccessRequest nurseRead;
    private AccessRequest emergencyList;
    private DocumentFacts maskedLab;
    private List<DocumentFacts> fifty;

    @Setup
    public void setUp() {
        engine = ConsentEngine.withDefaultPolicy();
        Rpps nurse = rpps("1000123456");
        Rpps treating = rpps("1012345678");
        ConsentSettings consent = new ConsentSettings(Set.of(rpps("1000000001"), rpps("1000000002")),
                Optional.of(treating), false, Set.of());
        nurseRead = new AccessRequest(Actor.Professional.of(nurse, Profession.NURSE), Action.READ_DOCUMENT,
                RecordState.ACTIVE, consent, Purpose.CARE, Optional.empty(), NOW);
        emergencyList = new AccessRequest(Actor.Professional.of(rpps("1099999999"), Profession.PHYSICIAN),
                Action.LIST_DOCUMENTS, RecordState.ACTIVE, consent, Purpose.BREAK_GLASS,
                Optional.of("unconscious patient, ER"), NOW);
        maskedLab = new DocumentFacts("lab", DocumentClass.LABORATORY_REPORT, Optional.of(treating),
                NOW.minus(Duration.ofDays(30)), true, false, Optional.empty());
        // A plausible record: mostly lab reports and prescriptions, a few masked, one withheld, some by the nurse.
        DocumentClass[] classes = DocumentClass.values();
        fifty = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            DocumentClass c = i % 3 == 0 ? DocumentClass.LABORATORY_REPORT : classes[i % classes.length];
            Optional<Rpps> author = Optional.of(i % 10 == 0 ? nurse : treating);
            fifty.add(new DocumentFacts("d" + i, c, author, NOW.minus(Duration.ofDays(i * 7L)), i % 7 == 0,
                    i == 5, Optional.empty()));
        }
    }

    private static Rpps rpps(String tenDigits) {
        return new Rpps(tenDigits + Rpps.luhnCheckDigit(tenDigits));
    }

    /** One document decision: nurse, ordinary care, masked laboratory report (falls through to masked-document). */
    @Benchmark
    public Decision decideOneDocument() {
        return engine.decide(nurseRead, maskedLab);
    }

    /** Filtering 50 documents for a nurse in ordinary care (matrix, masking, authorship on each). */
    @Benchmark
    public ConsentEngine.Filtered filterFiftyCare() {
        return engine.filter(nurseRead, fifty);
    }

    /** Filtering 50 documents under emergency access (reason checked once, masking lifted). */
    @Benchmark
    public ConsentEngine.Filtered filterFiftyBreakGlass() {
        return engine.filter(emergencyList, fifty);
    }

    /** Runs this benchmark with the settings above plus the GC profiler (allocation per operation). */
    public static void main(String[] args) throws RunnerException {
        new Runner(new OptionsBuilder()
                .include(ConsentBenchmark.class.getName())
                .addProfiler(GCProfiler.class)
                .build()).run();
    }
}
