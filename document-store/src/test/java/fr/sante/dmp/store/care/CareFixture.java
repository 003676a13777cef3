package fr.sante.dmp.store.care;

import static fr.sante.dmp.store.testing.Await.await;
import static fr.sante.dmp.store.testing.Await.failure;
import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.consent.Actor;
import fr.sante.dmp.consent.ActorCategory;
import fr.sante.dmp.consent.DocumentClass;
import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.consent.Profession;
import fr.sante.dmp.consent.RecordState;
import fr.sante.dmp.notify.Notifications;
import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.breakglass.BreakGlassGrants;
import fr.sante.dmp.store.carehistory.CareHistoryOptions;
import fr.sante.dmp.store.carehistory.CareHistoryService;
import fr.sante.dmp.store.patient.PatientServices;
import fr.sante.dmp.store.patient.lifecycle.RecordErasure;
import fr.sante.dmp.store.record.NewDocument;
import fr.sante.dmp.store.record.RecordService;
import fr.sante.dmp.store.record.StoreFixture;
import fr.sante.dmp.store.testing.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A started store with what care relationships touch: the care-history service (the insurer's feed writes a line per
 * patient, so that a professional let in sees something), emergency grants whose notices go to an enqueue-only outbox,
 * and builders for the persons and professionals of these tests.
 */
final class CareFixture implements AutoCloseable {
    static final String EMERGENCY = "patient inconscient aux urgences, traitements en cours ?";
    private static final Actor.Professional FEED = new Actor.Professional(StoreFixture.newRpps(),
            Profession.PHYSICIAN, Optional.empty(), ActorCategory.INSURER_FEED);

    final StoreFixture f;
    final CareHistoryService history;
    final BreakGlassGrants emergency;

    private CareFixture(StoreFixture f, CareHistoryService history, BreakGlassGrants emergency) {
        this.f = f;
        this.history = history;
        this.emergency = emergency;
    }

    static CareFixture start(TestDatabase db) throws Exception {
        Notifications.migrate(db.jdbcUrl(), db.user(), db.password());
        StoreFixture f = StoreFixture.start(db);
        byte[] payloadKey = new byte[32];
        new SecureRandom().nextBytes(payloadKey);
        CareHistoryService history = await(f.store.careHistory(new CareHistoryOptions(1, 100, 4096)));
        BreakGlassGrants emergency = f.store.breakGlass(Notifications.outboxOnly(payloadKey), Duration.ofHours(1),
                "https://www.monespacesante.fr/");
        return new CareFixture(f, history, emergency);
    }

    CareContextService care() {
        return f.store.careContexts();
    }

    RecordService records() {
        return f.records();
    }

    PatientServices patients() {
        return f.store.patients();
    }

    // ---- persons ----

    /** An ACTIVE record with one care-history line (a GP consultation ten days ago). */
    Ins activePatient() throws Exception {
        Ins ins = f.activePatient();
        JsonObject line = new JsonObject().put("lineId", "L-" + ins.value()).put("ins", ins.value())
                .put("dateOfCare", LocalDate.now(ZoneOffset.UTC).minusDays(10).toString()).put("kind", "ACT")
                .put("code", "GS").put("label", "Consultation de médecine générale")
                .put("performerRpps", "10001234565").put("amount", "26.50");
        assertThat(await(history.feed(FEED, List.of(line.encode()).iterator())).stored()).isEqualTo(1);
        return ins;
    }

    Ins invitedPatient() throws Exception {
        Ins ins = StoreFixture.newIns();
        await(records().register("admin", ins, StoreFixture.person("Durand", RecordState.INVITED)));
        return ins;
    }

    /**
     * A person who opposed within the window. An INVITED record takes no deposits; a document put there directly
     * (as PatientLifecycleIT does) stands for one that existed before the opposition. Returns its id.
     */
    UUID opposeWithADocument(Ins invited) throws Exception {
        UUID doc = UUID.randomUUID();
        f.update("INSERT INTO document (id, record_id, class_code, deposited_at, content_type, size, title) "
                + "VALUES (?, ?, '11488-4', now(), 'text/plain', 1, '\\x01'::bytea)", doc, f.recordId(invited));
        f.update("INSERT INTO document_content (document_id, content) VALUES (?, '\\x01'::bytea)", doc);
        await(patients().lifecycle().oppose(invited));
        return doc;
    }

    /** The record's deletion requested, then the purge job's erasure, as the scheduler runs it. */
    void purge(Ins ins) throws Exception {
        await(patients().lifecycle().requestDeletion(ins));
        UUID id = f.recordId(ins);
        Pool pool = PgBuilder.pool().connectingTo(f.options.pgUri()).using(f.vertx).build();
        try {
            await(pool.withTransaction(tx -> RecordErasure.purge(tx, id, Instant.now())));
        } finally {
            await(pool.close());
        }
    }

    // ---- professionals ----

    /** A professional the directory knows (their token was seen once). */
    Actor.Professional known(Actor.Professional pro) throws Exception {
        await(care().seen(pro));
        return pro;
    }

    static Actor.Professional occupationalByCategory() {
        return StoreFixture.withCategory(Profession.PHYSICIAN, ActorCategory.OCCUPATIONAL_HEALTH);
    }

    /** SM25 (médecine du travail): an occupational physician whatever the token's category says. */
    static Actor.Professional occupationalBySpecialty() {
        return new Actor.Professional(StoreFixture.newRpps(), Profession.PHYSICIAN, Optional.of("SM25"),
                ActorCategory.NONE);
    }

    static Actor.Professional pharmacist() {
        return StoreFixture.professional(Profession.PHARMACIST);
    }

    // ---- care contexts and documents ----

    String careCode(Ins ins) throws Exception {
        return await(care().issueCareCode(ins)).code();
    }

    CareContext openWithCode(Actor.Professional pro, Ins ins) throws Exception {
        await(care().seen(pro));
        return await(care().open(pro, ins, new CareProof.CareCode(careCode(ins))));
    }

    static CareProof.Presence presence(Actor.Professional pro, Ins ins) {
        return new CareProof.Presence(ins, pro.rpps());
    }

    UUID deposit(Actor.Professional author, Ins ins, DocumentClass documentClass, boolean withheld) throws Exception {
        return await(records().deposit(author, ins, new NewDocument(documentClass, documentClass.name(),
                "text/plain", ("compte rendu " + documentClass.loinc()).getBytes(StandardCharsets.UTF_8),
                withheld)));
    }

    // ---- answers ----

    /** The rule of a call that must be refused by consent. */
    static String ruleOf(Future<?> call) throws Exception {
        Throwable t = failure(call);
        assertThat(t).isInstanceOf(RecordException.AccessDenied.class);
        return ((RecordException.AccessDenied) t).decision().ruleId();
    }

    /** The field named by a call that must be refused as invalid. */
    static String invalidField(Future<?> call) throws Exception {
        Throwable t = failure(call);
        assertThat(t).isInstanceOf(RecordException.Invalid.class);
        return ((RecordException.Invalid) t).field();
    }

    /** Counts the rows of a care table for this person. */
    long rows(String table, Ins ins) throws Exception {
        return f.count("SELECT count(*) FROM " + table + " WHERE record_id = ?", f.recordId(ins));
    }

    @Override
    public void close() throws Exception {
        await(history.close());
        f.close();
    }
}
