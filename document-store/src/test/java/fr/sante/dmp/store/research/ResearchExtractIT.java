package fr.sante.dmp.store.research;

import static fr.sante.dmp.store.record.StoreFixture.document;
import static fr.sante.dmp.store.record.StoreFixture.physician;
import static fr.sante.dmp.store.testing.Await.await;
import static fr.sante.dmp.store.testing.Await.failure;
import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.consent.Actor;
import fr.sante.dmp.consent.DocumentClass;
import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.consent.RecordState;
import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.crypto.CryptoIntegrityException;
import fr.sante.dmp.store.crypto.Envelope;
import fr.sante.dmp.store.record.PersonRegistration;
import fr.sante.dmp.store.record.StoreFixture;
import fr.sante.dmp.store.testing.EmbeddedPostgresExtension;
import fr.sante.dmp.store.testing.TestDatabase;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Research extracts: who is left out, pseudonyms per project, the end of a project, k-anonymity. */
@ExtendWith(EmbeddedPostgresExtension.class)
class ResearchExtractIT {
    private static final AtomicInteger ORDER = new AtomicInteger(100);
    private static final String OPERATOR = "operator-research";
    private static StoreFixture f;
    private static ResearchProjects research;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start(TestDatabase db) throws Exception {
        f = StoreFixture.start(db);
        research = f.store.research();
    }

    @AfterAll
    static void stop() throws Exception {
        f.close();
    }

    @Test
    void anObjectingPersonIsAbsentFromEveryExtractAsAreOpposedAndClosedRecordsAndMaskedDocuments() throws Exception {
        List<Ins> kept = population(1950, "1", "33", 6);
        Ins objector = person(1950, "1", "33", RecordState.ACTIVE);
        Ins opposed = person(1950, "1", "33", RecordState.INVITED);
        Ins closed = person(1950, "1", "33", RecordState.ACTIVE);
        await(f.store.patients().choices().setResearchUse(objector, true));
        await(f.store.patients().lifecycle().oppose(opposed));
        await(f.store.patients().lifecycle().close(closed));
        Actor.Professional doctor = physician();
        for (Ins ins : kept) {
            f.inCare(doctor, ins);
            await(f.records().deposit(doctor, ins, document(DocumentClass.CONSULTATION_NOTE, "t", "c")));
        }
        UUID masked = await(f.records().deposit(doctor, kept.get(0), document(DocumentClass.DISCHARGE_SUMMARY, "t", "c")));
        await(f.store.patients().choices().setMasked(kept.get(0), masked, true));

        for (int i = 0; i < 2; i++) { // two projects: the objection holds in each
            ResearchProject p = await(research.register(OPERATOR, project(2)));
            Path out = tmp.resolve("extract-" + i);
            await(research.extract(OPERATOR, p.id(), out));
            Map<String, String[]> persons = byPseudonym(out.resolve("persons.csv.gz"));
            SecretKey key = projectKey(p.id());
            for (Ins ins : kept) {
                assertThat(persons).containsKey(pseudonym(key, ins));
            }
            for (Ins absent : List.of(objector, opposed, closed)) {
                assertThat(persons).doesNotContainKey(pseudonym(key, absent));
            }
            assertThat(rows(out.resolve("documents.csv.gz"))).noneMatch(r -> r[2].equals("18842-5"));
        }
        // The person withdraws the objection: in the next extract.
        await(f.store.patients().choices().setResearchUse(objector, false));
        ResearchProject p = await(research.register(OPERATOR, project(2)));
        await(research.extract(OPERATOR, p.id(), tmp.resolve("after")));
        assertThat(byPseudonym(tmp.resolve("after/persons.csv.gz"))).containsKey(pseudonym(projectKey(p.id()), objector));
    }

    @Test
    void pseudonymsDifferAcrossProjectsAndAreStableWithinOne() throws Exception {
        population(1960, "2", "69", 5);
        ResearchProject a = await(research.register(OPERATOR, project(5)));
        ResearchProject b = await(research.register(OPERATOR, project(5)));
        await(research.extract(OPERATOR, a.id(), tmp.resolve("a1")));
        await(research.extract(OPERATOR, a.id(), tmp.resolve("a2")));
        await(research.extract(OPERATOR, b.id(), tmp.resolve("b")));
        var inA = byPseudonym(tmp.resolve("a1/persons.csv.gz")).keySet();
        assertThat(inA).isNotEmpty().isEqualTo(byPseudonym(tmp.resolve("a2/persons.csv.gz")).keySet());
        assertThat(byPseudonym(tmp.resolve("b/persons.csv.gz")).keySet()).doesNotContainAnyElementsOf(inA)
                .hasSameSizeAs(inA);
    }

    @Test
    void theEndOfAProjectDestroysItsKeySoItsPseudonymsLinkToNobody() throws Exception {
        population(1970, "1", "13", 5);
        ResearchProject p = await(research.register(OPERATOR, project(5)));
        await(research.extract(OPERATOR, p.id(), tmp.resolve("before")));
        assertThat(wrappedKey(p.id())).isNotNull();

        await(research.end(OPERATOR, p.id()));

        assertThat(wrappedKey(p.id())).isNull();
        assertThat(f.count("SELECT count(*) FROM research_project WHERE id = ? AND wrapped_key IS NOT NULL", p.id()))
                .isZero();
        Envelope platform = new Envelope(f.options.masterKeys(), 1);
        assertThat(failure(Future(() -> platform.unwrapProjectKey(p.id(), wrappedKey(p.id())))))
                .isInstanceOf(CryptoIntegrityException.class);
        Throwable refused = failure(research.extract(OPERATOR, p.id(), tmp.resolve("after")));
        assertThat(refused).isInstanceOf(RecordException.Conflict.class);
        assertThat(tmp.resolve("after")).doesNotExist();
        assertThat(Files.list(tmp).map(x -> x.getFileName().toString())).containsExactly("before");
        assertThat(f.count("SELECT count(*) FROM audit_log WHERE action = 'END_RESEARCH_PROJECT' AND rule_id = ?",
                "research-project:" + p.id())).isEqualTo(1);
    }

    @Test
    void anExtractThatFailsHalfWayLeavesNoFileNoRecordAndNoAuditEntry() throws Exception {
        List<Ins> persons = population(1980, "2", "69", 6);
        ResearchProject p = await(research.register(OPERATOR, project(5)));
        long extracts = f.count("SELECT count(*) FROM research_extract");
        long audited = f.count("SELECT count(*) FROM audit_log WHERE action = 'EXTRACT_RESEARCH_DATA'");
        // One record whose data key no master key opens any more (a byte of the wrapped key altered): the walk
        // stops there, with the files already open in the temporary directory.
        UUID broken = f.recordId(persons.get(3));
        byte[] wrapped = bytes("SELECT wrapped_key FROM record WHERE id = ?", broken);
        f.update("UPDATE record SET wrapped_key = set_byte(wrapped_key, 40, get_byte(wrapped_key, 40) # 1) "
                + "WHERE id = ?", broken);
        try {
            Throwable failed = failure(research.extract(OPERATOR, p.id(), tmp.resolve("extract")));
            assertThat(failed).isInstanceOf(CryptoIntegrityException.class);
        } finally {
            f.update("UPDATE record SET wrapped_key = ? WHERE id = ?", wrapped, broken);
        }

        try (var left = Files.list(tmp)) {
            assertThat(left.map(x -> x.getFileName().toString())).as("no extract, no .partial directory").isEmpty();
        }
        assertThat(f.count("SELECT count(*) FROM research_extract")).isEqualTo(extracts);
        assertThat(f.count("SELECT count(*) FROM audit_log WHERE action = 'EXTRACT_RESEARCH_DATA'")).isEqualTo(audited);
        // Once the record opens again, the same extract succeeds.
        await(research.extract(OPERATOR, p.id(), tmp.resolve("extract")));
        assertThat(tmp.resolve("extract").resolve("persons.csv.gz")).exists();
    }

    @Test
    void kAnonymitySuppressesOrGeneralisesSmallGroupsAndReportsTheCounts() throws Exception {
        // Born in 1935 (band 90+ in 2026, 85-89 before): 5 men of the 2A, 2 men of each of 3 other départements
        // (too few alone, 6 together once the département is generalised), 1 woman alone (suppressed).
        List<Ins> corsica = population(1935, "1", "2A", 5);
        List<Ins> scattered = new ArrayList<>();
        for (String d : List.of("01", "02", "03")) {
            scattered.addAll(population(1935, "1", d, 2));
        }
        Ins alone = person(1935, "2", "04", RecordState.ACTIVE);
        ResearchProject p = await(research.register(OPERATOR, project(5)));

        ExtractReport report = await(research.extract(OPERATOR, p.id(), tmp.resolve("k")));

        SecretKey key = projectKey(p.id());
        Map<String, String[]> persons = byPseudonym(tmp.resolve("k/persons.csv.gz"));
        for (Ins ins : corsica) {
            assertThat(persons.get(pseudonym(key, ins))[3]).isEqualTo("2A");
        }
        for (Ins ins : scattered) {
            assertThat(persons.get(pseudonym(key, ins))[3]).isEqualTo("*");
        }
        assertThat(persons).doesNotContainKey(pseudonym(key, alone));
        JsonObject counts = report.json().getJsonObject("persons");
        assertThat(counts.getLong("generalised")).isGreaterThanOrEqualTo(6);
        assertThat(counts.getLong("suppressed")).isGreaterThanOrEqualTo(1);
        assertThat(report.json().getJsonObject("residualRisk").getJsonObject("persons")
                .getDouble("maxReidentificationProbability")).isLessThanOrEqualTo(0.2);
        assertThat(report.json().getJsonObject("lDiversity").getString("attribute")).isEqualTo("document_class");
        // The extract is audited with its counts, and in the DPO's list.
        ExtractSummary listed = await(research.extracts(10)).stream().filter(e -> e.projectId().equals(p.id()))
                .findFirst().orElseThrow();
        assertThat(listed.persons()).isEqualTo(report.persons());
        assertThat(listed.madeBy()).isEqualTo(OPERATOR);
        assertThat(f.count("SELECT count(*) FROM audit_log WHERE action = 'EXTRACT_RESEARCH_DATA' AND actor_id = ? "
                + "AND rule_id = ?", OPERATOR, "research-project:" + p.id())).isEqualTo(1);
        assertThat(tmp.resolve("k/schema.json")).exists();
        assertThat(tmp.resolve("k/data-dictionary.md")).exists();
        assertThat(Files.readString(tmp.resolve("k/report.json"))).contains("\"suppressed\"");
    }

    @Test
    void badProjectsAreRefusedNamingTheField() {
        assertThat(invalid(() -> ResearchProject.of("n", "p", " ", List.of("11488-4"), day(2020), day(2021),
                day(2030), 5))).isEqualTo("legalBasis");
        assertThat(invalid(() -> ResearchProject.of("n", "p", "RGPD 6.1.e", List.of("11488-4"), day(2020), day(2021),
                null, 5))).isEqualTo("endDate");
        assertThat(invalid(() -> ResearchProject.of("n", "p", "RGPD 6.1.e", List.of("11488-4"), day(2020), day(2021),
                day(2030), 1))).isEqualTo("k");
        assertThat(invalid(() -> ResearchProject.of("n", "p", "RGPD 6.1.e", List.of("00000-0"), day(2020), day(2021),
                day(2030), 5))).isEqualTo("dataClasses");
    }

    private static String invalid(Runnable r) {
        try {
            r.run();
            return "accepted";
        } catch (RecordException.Invalid e) {
            return e.field();
        }
    }

    private static LocalDate day(int year) {
        return LocalDate.of(year, 1, 1);
    }

    private static <T> io.vertx.core.Future<T> Future(java.util.concurrent.Callable<T> c) {
        try {
            return io.vertx.core.Future.succeededFuture(c.call());
        } catch (Exception e) {
            return io.vertx.core.Future.failedFuture(e);
        }
    }

    private static ResearchProject project(int k) {
        List<String> classes = List.of("11488-4", "18842-5", ResearchProject.CARE_HISTORY);
        return ResearchProject.of("Cohorte test", "Étude des parcours", "RGPD art. 6.1.e et 9.2.j ; CSP L1461-1",
                classes, day(2020), LocalDate.now().plusYears(1), LocalDate.now().plusYears(2), k);
    }

    private static List<Ins> population(int birthYear, String sex, String department, int n) throws Exception {
        List<Ins> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(person(birthYear, sex, department, RecordState.ACTIVE));
        }
        return out;
    }

    /** A person whose INS encodes sex, birth year and département (the registration reads the département there). */
    private static Ins person(int birthYear, String sex, String department, RecordState state) throws Exception {
        String number = sex + String.format("%02d", birthYear % 100) + "06" + department + "123"
                + String.format("%03d", ORDER.incrementAndGet());
        Ins ins = new Ins(number + String.format("%02d", Ins.key(number)));
        await(f.records().register("admin", ins, new PersonRegistration(LocalDate.of(birthYear, 6, 15), "Camille",
                "Martin", sex.equals("1") ? "M" : "F", Optional.empty(), Optional.empty(), state)));
        return ins;
    }

    private static byte[] wrappedKey(UUID project) throws Exception {
        return bytes("SELECT wrapped_key FROM research_project WHERE id = ?", project);
    }

    private static byte[] bytes(String sql, UUID id) throws Exception {
        try (Connection c = f.db.connect(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, id);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getBytes(1);
            }
        }
    }

    /** The project's key as the platform holds it (test only: the check recomputes the pseudonyms). */
    private static SecretKey projectKey(UUID project) throws Exception {
        return new Envelope(f.options.masterKeys(), 1).unwrapProjectKey(project, wrappedKey(project));
    }

    private static String pseudonym(SecretKey key, Ins ins) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(key);
        return HexFormat.of().formatHex(mac.doFinal(f.insHash(ins)), 0, 16);
    }

    private static Map<String, String[]> byPseudonym(Path file) throws IOException {
        return rows(file).stream().collect(Collectors.toMap(r -> r[0], r -> r));
    }

    private static List<String[]> rows(Path file) throws IOException {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)),
                StandardCharsets.UTF_8))) {
            return in.lines().skip(1).map(l -> l.split(",", -1)).collect(Collectors.toList());
        }
    }
}
