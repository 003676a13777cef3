package fr.sante.dmp.gateway.seed;

import static fr.sante.dmp.store.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fr.sante.dmp.consent.Actor;
import fr.sante.dmp.consent.ConsentEngine;
import fr.sante.dmp.consent.Profession;
import fr.sante.dmp.consent.RecordState;
import fr.sante.dmp.gateway.cli.SeedCommand;
import fr.sante.dmp.gateway.config.DataKeys;
import fr.sante.dmp.gateway.config.GatewayConfig;
import fr.sante.dmp.dev.EmbeddedPostgresServer;
import fr.sante.dmp.store.DocumentStore;
import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.StoreOptions;
import fr.sante.dmp.store.care.CareProof;
import fr.sante.dmp.store.record.DocumentContent;
import fr.sante.dmp.store.record.DocumentSummary;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dmp seed} against a real embedded PostgreSQL, then the real record store started with the same keys: what
 * the seeder wrote must be what the platform would have written (listed, decrypted, refused for an opposed person).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SeedIT {
    private static final int PERSONS = 2_000;
    /** The store's calls here run beside a seeding of {@value #PERSONS} persons. */
    private static final Duration SEEDING = Duration.ofMinutes(2);
    private static final SeedPlan PLAN = new SeedPlan(SeedOptions.DEFAULT_MEAN_DOCUMENTS);
    /** A physician outside every pool of the plan: neither an author, a treating doctor nor blocked. */
    private static final Actor.Professional PHYSICIAN = Actor.Professional.of(SeedPlan.rpps(500), Profession.PHYSICIAN);

    @TempDir
    static Path dataDir;
    static GatewayConfig config;
    static EmbeddedPostgresServer postgres;
    static Vertx vertx;
    static DocumentStore store;

    @BeforeAll
    static void seedWithTheCommandThenStartTheStore() throws Exception {
        config = GatewayConfig.load(Map.of(GatewayConfig.DATA_DIR, dataDir.toString()));
        // No platform runs: the command starts the embedded PostgreSQL of the data directory, seeds, stops it.
        assertThat(SeedCommand.run(config, List.of("--persons", Integer.toString(PERSONS), "--batch", "500"))).isZero();
        assertThat(Files.exists(dataDir.resolve("keys/master.key"))).isTrue();

        postgres = EmbeddedPostgresServer.start(dataDir, false);
        DataKeys keys = DataKeys.resolve(config);
        vertx = Vertx.vertx();
        store = await(DocumentStore.start(vertx, new StoreOptions(postgres.uri(), 4, keys.masterKey(),
                keys.insHashKey(), Clock.systemUTC()), ConsentEngine.withDefaultPolicy()), SEEDING);
    }

    @AfterAll
    static void stop() throws Exception {
        if (store != null) {
            await(store.close(), SEEDING);
        }
        if (vertx != null) {
            await(vertx.close(), SEEDING);
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    @Order(1)
    void everyPersonIsThereInItsPlannedStateWithItsPlannedDocuments() throws Exception {
        long expectedDocuments = LongStream.range(0, PERSONS).map(PLAN::documents).sum();
        assertThat(count("SELECT count(*) FROM record")).isEqualTo(PERSONS);
        assertThat(count("SELECT count(*) FROM consent_settings")).isEqualTo(PERSONS);
        assertThat(count("SELECT count(*) FROM document")).isEqualTo(expectedDocuments).isPositive();
        assertThat(count("SELECT count(*) FROM document_content")).isEqualTo(expectedDocuments);
        for (RecordState s : RecordState.values()) {
            long planned = LongStream.range(0, PERSONS).filter(i -> SyntheticPopulation.recordState(i) == s).count();
            assertThat(count("SELECT count(*) FROM record WHERE state = '" + s + "'")).as(s.name()).isEqualTo(planned);
        }
        // Opposed records keep nothing but the proof; invited ones are all still within their window.
        assertThat(count("SELECT count(*) FROM record WHERE state = 'OPPOSED' AND (wrapped_key IS NOT NULL "
                + "OR identity IS NOT NULL)")).isZero();
        assertThat(count("SELECT count(*) FROM opposition_receipt")).isEqualTo(
                count("SELECT count(*) FROM record WHERE state = 'OPPOSED'")).isPositive();
        assertThat(count("SELECT count(*) FROM record WHERE state = 'INVITED' AND opposition_deadline <= now()"))
                .isZero();
        assertThat(count("SELECT count(*) FROM record WHERE state = 'INVITED' "
                + "AND opposition_deadline > now() + interval '30 days'")).isPositive();
        assertThat(count("SELECT count(*) FROM document WHERE masked")).isPositive();
        assertThat(count("SELECT count(*) FROM consent_settings WHERE treating_doctor IS NOT NULL")).isPositive();
        assertThat(count("SELECT count(*) FROM blocked_professional")).isPositive();
        // One live care context per ACTIVE record, its load-test professional's, opened by presence.
        assertThat(count("SELECT count(*) FROM care_context")).isEqualTo(count(
                "SELECT count(*) FROM record WHERE state = 'ACTIVE'"));
        assertThat(count("SELECT count(*) FROM care_context c JOIN record r ON r.id = c.record_id "
                + "WHERE r.state = 'ACTIVE' AND c.via = 'presence' AND c.ended_at IS NULL AND c.expires_at > now() "
                + "AND extract(epoch FROM c.expires_at - c.opened_at) IN (90 * 86400, 3 * 86400)"))
                .isEqualTo(count("SELECT count(*) FROM care_context"));
        assertThat(count("SELECT count(*) FROM care_context WHERE profession = '21' "
                + "AND extract(epoch FROM expires_at - opened_at) = 3 * 86400")).isPositive();
        assertThat(count("SELECT count(*) FROM document WHERE class_code = '11502-2'") * 100 / expectedDocuments)
                .isBetween(33L, 45L); // biology ~39 %
    }

    @Test
    @Order(2)
    void aPhysicianListsAndReadsASeededActivePersonsDocuments() throws Exception {
        long i = LongStream.range(0, PERSONS)
                .filter(k -> SyntheticPopulation.recordState(k) == RecordState.ACTIVE && PLAN.documents(k) >= 3)
                .filter(k -> LongStream.range(0, PLAN.documents(k)).noneMatch(j -> PLAN.masked(k, (int) j)))
                .findFirst().orElseThrow();
        SyntheticPerson person = SyntheticPopulation.person(i);
        // Outside the plan's care team: opened as practice software opens it when the patient's card is read.
        assertThatThrownBy(() -> await(store.records().listDocuments(PHYSICIAN, person.ins()), SEEDING))
                .hasCauseInstanceOf(RecordException.AccessDenied.class);
        await(store.careContexts().open(PHYSICIAN, person.ins(), new CareProof.Presence(person.ins(),
                PHYSICIAN.rpps())), SEEDING);
        List<DocumentSummary> listed = await(store.records().listDocuments(PHYSICIAN, person.ins()), SEEDING);
        assertThat(listed).hasSize(PLAN.documents(i));
        for (DocumentSummary d : listed) {
            int j = Integer.parseInt(d.title().substring(d.title().lastIndexOf(' ') + 1)) - 1;
            assertThat(d.title()).isEqualTo(PLAN.title(i, j));
            assertThat(d.classCode()).isEqualTo(PLAN.documentClass(i, j).loinc());
            assertThat(d.authorRpps()).contains(PLAN.author(i, j).value());
            DocumentContent content = await(store.records().readDocument(PHYSICIAN, d.id()), SEEDING);
            assertThat(content.content()).isEqualTo(PLAN.content(i, j));
            assertThat(d.size()).isEqualTo(PLAN.content(i, j).length);
        }
    }

    @Test
    @Order(2)
    void theLoadTestProfessionalOfAnActivePersonReadsWithoutOpeningAnything() throws Exception {
        long i = LongStream.range(0, PERSONS)
                .filter(k -> SyntheticPopulation.recordState(k) == RecordState.ACTIVE && PLAN.documents(k) >= 1)
                .filter(k -> SeedPlan.careTeamMember(k).profession() == Profession.PHARMACIST)
                .filter(k -> PLAN.blockedProfessional(k).isEmpty())
                .findFirst().orElseThrow();
        SeedPlan.LoadTestProfessional member = PLAN.careContext(i).orElseThrow();
        Actor.Professional pharmacist = Actor.Professional.of(member.rpps(), member.profession());
        // Listed (the profession matrix may hide some classes from a pharmacist), not refused.
        assertThat(await(store.records().listDocuments(pharmacist, SyntheticPopulation.person(i).ins()), SEEDING))
                .isNotNull();
        assertThat(PLAN.careContext(nextNotActive())).isEmpty();
    }

    private static long nextNotActive() {
        return LongStream.range(0, PERSONS).filter(k -> SyntheticPopulation.recordState(k) != RecordState.ACTIVE)
                .findFirst().orElseThrow();
    }

    @Test
    @Order(3)
    void anOpposedPersonIsNotReadable() {
        long i = LongStream.range(0, PERSONS)
                .filter(k -> SyntheticPopulation.recordState(k) == RecordState.OPPOSED).findFirst().orElseThrow();
        assertThatThrownBy(() -> await(store.records().listDocuments(PHYSICIAN, SyntheticPopulation.person(i).ins()),
                SEEDING))
                .hasCauseInstanceOf(RecordException.class);
    }

    @Test
    @Order(4)
    void rerunningTheSameRangeAddsNothingEvenWithoutItsProgressRows() throws Exception {
        long records = count("SELECT count(*) FROM record");
        long documents = count("SELECT count(*) FROM document");
        // The platform now runs on this data directory: the command finds its PostgreSQL through pg.port.
        assertThat(SeedCommand.run(config, List.of("--persons", Integer.toString(PERSONS), "--batch", "700"))).isZero();
        assertThat(seeder().run(new SeedOptions(0, PERSONS, 3, 500, 2)).persons()).isZero();
        // Progress forgotten: the INS hashes already present still keep the seeder from writing anyone twice.
        execute("DELETE FROM seed_progress WHERE first_index < 1000");
        SeedResult again = seeder().run(new SeedOptions(0, PERSONS, 3, 400, 2));
        assertThat(again.persons()).isZero();
        assertThat(count("SELECT count(*) FROM record")).isEqualTo(records);
        assertThat(count("SELECT count(*) FROM document")).isEqualTo(documents);
    }

    @Test
    @Order(5)
    void anInterruptedRunResumesAfterItsLastCommittedBatch() throws Exception {
        int[] batches = {0};
        assertThatThrownBy(() -> seeder().run(new SeedOptions(PERSONS, PERSONS, 3, 500, 2), b -> {
            if (++batches[0] == 2) {
                throw new IllegalStateException("interrupted");
            }
        })).hasMessage("interrupted");
        assertThat(count("SELECT count(*) FROM record")).isEqualTo(PERSONS + 1_000);
        SeedResult resumed = seeder().run(new SeedOptions(PERSONS, PERSONS, 3, 500, 2));
        assertThat(resumed.persons()).isEqualTo(PERSONS - 1_000);
        assertThat(resumed.databaseBytes()).isPositive();
        assertThat(count("SELECT count(*) FROM record")).isEqualTo(2 * PERSONS);
        assertThat(count("SELECT sum(end_index - first_index) FROM seed_progress")).isEqualTo(2 * PERSONS);
    }

    @Test
    @Order(6)
    void twoSeedersOverOverlappingRangesWriteEveryoneOnce() throws Exception {
        long from = 2L * PERSONS;
        int[] batches = {0};
        SeedResult first = seeder().run(new SeedOptions(from, 1_000, 3, 500, 2), b -> {
            if (++batches[0] == 1) {
                // Another writer takes this run's next batch meanwhile, with the same alignment (same progress key).
                try {
                    assertThat(seeder().run(new SeedOptions(from + 500, 500, 3, 500, 2)).persons()).isEqualTo(500);
                } catch (SQLException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
        });
        assertThat(first.persons()).isEqualTo(500);
        assertThat(count("SELECT count(*) FROM record")).isEqualTo(2 * PERSONS + 1_000);
        assertThat(count("SELECT sum(end_index - first_index) FROM seed_progress")).isEqualTo(2 * PERSONS + 1_000);
    }

    @Test
    @Order(7)
    void theSeederCopiesEveryColumnOfTheStoreItDoesNotKnowinglyLeaveToItsDefault() throws Exception {
        try (Connection c = DriverManager.getConnection(jdbc(), "postgres", postgres.password())) {
            c.setAutoCommit(false);
            assertThat(SeedSchema.copyStatements(c).get(SeedTable.DOCUMENT)).isEqualTo("COPY document (id, record_id,"
                    + " class_code, author_rpps, deposited_at, masked, withheld_from_patient, released_at, content_type,"
                    + " size, title) FROM STDIN (FORMAT binary)");
            c.rollback();
        }
    }

    @Test
    @Order(7)
    void aColumnAMigrationAddsStopsTheSeederUntilItKnowsIt() throws Exception {
        try (Connection c = DriverManager.getConnection(jdbc(), "postgres", postgres.password());
             Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            // The store's tables copied into a schema of their own, rolled back: the seeded ones are not locked.
            s.execute("CREATE SCHEMA migrated");
            for (SeedTable t : SeedTable.values()) {
                s.execute("CREATE TABLE migrated." + t.table() + " (LIKE public." + t.table() + ")");
            }
            s.execute("SET LOCAL search_path = migrated");
            assertThat(SeedSchema.copyStatements(c)).hasSize(SeedTable.values().length);
            s.execute("ALTER TABLE migrated.document ADD COLUMN language text");
            s.execute("ALTER TABLE migrated.care_context DROP COLUMN via");
            assertThatThrownBy(() -> SeedSchema.copyStatements(c)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("document.language is in the schema but neither written by the seeder")
                    .hasMessageContaining("care_context.via is written by the seeder but not in the schema");
            c.rollback();
        }
    }

    private static Seeder seeder() {
        DataKeys keys = DataKeys.resolve(config);
        return new Seeder(jdbc(), "postgres", postgres.password(),
                () -> SeedCrypto.platform(keys.masterKey(), keys.insHashKey()), System.err);
    }

    private static String jdbc() {
        return "jdbc:postgresql://127.0.0.1:" + postgres.port() + "/postgres";
    }

    private static long count(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbc(), "postgres", postgres.password());
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbc(), "postgres", postgres.password());
             Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
