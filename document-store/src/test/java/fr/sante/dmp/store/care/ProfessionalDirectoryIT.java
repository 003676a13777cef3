package fr.sante.dmp.store.care;

import static fr.sante.dmp.store.testing.Await.await;
import static fr.sante.dmp.store.testing.Await.failure;
import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.consent.Rpps;
import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.record.StoreFixture;
import fr.sante.dmp.store.testing.EmbeddedPostgresExtension;
import fr.sante.dmp.store.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The directory of professionals loaded from the national extract (the sample in docs/samples): what an import counts,
 * that a second one changes nothing, the name search, and that a loaded directory refuses an RPPS it does not hold.
 * Ordered: the first test runs before any load.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProfessionalDirectoryIT {
    static final Path SAMPLE = Path.of("../docs/samples/directory-personne-activite.txt");
    private static StoreFixture f;

    @BeforeAll
    static void start(TestDatabase db) throws Exception {
        f = StoreFixture.start(db);
    }

    @AfterAll
    static void stop() throws Exception {
        f.close();
    }

    private static ProfessionalDirectory directory() {
        return f.store.directory();
    }

    private static DirectoryReport importSample() throws Exception {
        return await(directory().importExtract("test-operator",
                Files.readAllLines(SAMPLE, StandardCharsets.UTF_8).iterator()));
    }

    @Test
    @Order(1)
    void beforeAnyLoadAWellFormedRppsUnknownToTheDirectoryCanStillBeBlocked() throws Exception {
        Ins ins = f.activePatient();
        assertThat(await(directory().loaded())).isFalse();

        await(f.store.patients().choices().setBlocked(ins, StoreFixture.newRpps(), true));

        assertThat(f.count("SELECT count(*) FROM blocked_professional WHERE record_id = ?", f.recordId(ins)))
                .isEqualTo(1);
    }

    @Test
    @Order(2)
    void aFirstImportThatFailsHalfWayLeavesTheNameIndexInPlace() throws Exception {
        List<String> lines = Files.readAllLines(SAMPLE, StandardCharsets.UTF_8);
        java.util.Iterator<String> read = lines.iterator();
        java.util.Iterator<String> failing = new java.util.Iterator<>() {
            private int given;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public String next() {
                if (++given > 10) {
                    throw new IllegalStateException("the disk went away");
                }
                return read.next();
            }
        };

        failure(directory().importExtract("test-operator", failing));

        assertThat(await(directory().loaded())).isFalse();
        assertThat(nameIndexes()).as("built again after the failed first import").isEqualTo(1);
    }

    private static long nameIndexes() throws Exception {
        return f.count("SELECT count(*) FROM pg_indexes WHERE indexname = 'professional_directory_family_key'");
    }

    @Test
    @Order(3)
    void anImportCountsEveryLineKeepsOneRowPerProfessionalAndListsTheBadLines() throws Exception {
        DirectoryReport report = importSample();

        // 47 data lines: 43 RPPS activity lines (Dr Lefèvre twice), one ADELI nurse, three bad lines.
        assertThat(report.lines()).isEqualTo(47);
        assertThat(report.entries()).isEqualTo(43);
        assertThat(report.changed()).isEqualTo(42);
        assertThat(report.skipped()).isEqualTo(1);
        assertThat(report.bad()).isEqualTo(3);
        assertThat(report.badLines()).extracting(DirectoryReport.BadLine::line).containsExactly(46L, 47L, 48L);
        assertThat(report.badLines().get(0).reason()).contains("check digit");
        assertThat(report.badLines().get(1).reason()).isEqualTo("no name");
        assertThat(report.badLines().get(2).reason()).contains("fields");
        assertThat(await(directory().loaded())).isTrue();
        assertThat(nameIndexes()).as("a first import builds the name index at its end").isEqualTo(1);
        assertThat(f.count("SELECT count(*) FROM audit_log WHERE action = 'IMPORT_DIRECTORY' AND actor_id = ?",
                "test-operator")).isEqualTo(1);

        DirectoryEntry lefevre = await(directory().describe(List.of("10001234565"))).get("10001234565");
        assertThat(lefevre.name()).contains("MARIE LEFÈVRE");
        assertThat(lefevre.title()).contains("Docteur");
        assertThat(lefevre.professionCode()).isEqualTo("10");
        assertThat(lefevre.specialtyLabel()).contains("Médecine Générale");
        assertThat(lefevre.town()).as("the last place of practice listed").contains("PARIS");
    }

    @Test
    @Order(4)
    void aSecondImportOfTheSameFileChangesNothing() throws Exception {
        long before = f.count("SELECT count(*) FROM professional_directory");

        DirectoryReport again = importSample();

        assertThat(again.changed()).isZero();
        assertThat(again.entries()).isEqualTo(43);
        assertThat(f.count("SELECT count(*) FROM professional_directory")).isEqualTo(before);
    }

    @Test
    @Order(5)
    void professionalsAreFoundByNameWhateverTheAccentsAndCaseAndByTheirRpps() throws Exception {
        assertThat(await(directory().search("lefevre", Optional.empty())))
                .allSatisfy(e -> assertThat(e.familyName()).contains("LEFÈVRE"))
                .extracting(DirectoryEntry::rpps).contains("10001234565");
        assertThat(await(directory().search("Marie  Lefèvre", Optional.of("10"))))
                .extracting(DirectoryEntry::rpps).containsExactly("10001234565");
        assertThat(await(directory().search("moreau infirmier", Optional.empty())))
                .extracting(DirectoryEntry::rpps).containsExactly("10000000108");
        assertThat(await(directory().search("moreau", Optional.of("10"))))
                .allSatisfy(e -> assertThat(e.professionCode()).isEqualTo("10"))
                .extracting(DirectoryEntry::rpps).doesNotContain("10000000108");
        assertThat(await(directory().search("10000000108", Optional.empty())))
                .extracting(DirectoryEntry::rpps).containsExactly("10000000108");
        assertThat(await(directory().search("x", Optional.empty()))).isEmpty();
        assertThat(failure(directory().search("a".repeat(ProfessionalDirectory.MAX_QUERY + 1), Optional.empty())))
                .isInstanceOf(RecordException.Invalid.class);
    }

    @Test
    @Order(6)
    void onceLoadedAnRppsAbsentFromTheDirectoryCannotBeBlockedButAListedOneCan() throws Exception {
        Ins ins = f.activePatient();
        Rpps unknown = StoreFixture.newRpps();

        Throwable refused = failure(f.store.patients().choices().setBlocked(ins, unknown, true));
        await(f.store.patients().choices().setBlocked(ins, new Rpps("10000000108"), true));

        assertThat(refused).isInstanceOfSatisfying(RecordException.Invalid.class,
                e -> assertThat(e.field()).isEqualTo("rpps"));
        assertThat(f.count("SELECT count(*) FROM blocked_professional WHERE record_id = ?", f.recordId(ins)))
                .isEqualTo(1);
        assertThat(f.count("SELECT count(*) FROM audit_log WHERE action = 'BLOCK_PROFESSIONAL' AND NOT allowed "
                + "AND rule_id = 'professional-not-in-directory'")).isEqualTo(1);
    }

    @Test
    @Order(7)
    void aFileThatIsNotTheExtractIsRefusedBeforeAnyRowIsWritten() throws Exception {
        long before = f.count("SELECT count(*) FROM directory_load");

        Throwable refused = failure(directory().importExtract("test-operator",
                List.of("rpps;name", "10001234565;Lefèvre").iterator()));

        assertThat(refused).isInstanceOfSatisfying(RecordException.Invalid.class,
                e -> assertThat(e.field()).isEqualTo("file"));
        assertThat(f.count("SELECT count(*) FROM directory_load")).isEqualTo(before);
        Map<String, DirectoryEntry> none = await(directory().describe(List.of()));
        assertThat(none).isEmpty();
    }
}
