package fr.sante.dmp.store.alert;

import static fr.sante.dmp.store.record.StoreFixture.document;
import static fr.sante.dmp.store.record.StoreFixture.physician;
import static fr.sante.dmp.store.testing.Await.await;
import static fr.sante.dmp.store.testing.Await.failure;
import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.consent.Actor;
import fr.sante.dmp.consent.DocumentClass;
import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.consent.Profession;
import fr.sante.dmp.notify.outbox.Channel;
import fr.sante.dmp.notify.outbox.ClaimedMessage;
import fr.sante.dmp.notify.outbox.Language;
import fr.sante.dmp.notify.outbox.MessageKind;
import fr.sante.dmp.store.patient.choices.AlertPreferences;
import fr.sante.dmp.store.record.StoreFixture;
import fr.sante.dmp.store.testing.EmbeddedPostgresExtension;
import fr.sante.dmp.store.testing.TestDatabase;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The patient's chosen alerts, enqueued by the feed that follows the audit log. A professional's care-context opening
 * is an access like a read; where a test must see no access alert at all, the professional is the treating doctor
 * (chosen by the patient, no entry of their own).
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class AlertFeedIT {
    private static final AlertPreferences EVERY_ACCESS =
            new AlertPreferences(true, true, false, AlertPreferences.Channel.SMS);
    private static final AlertPreferences NEW_DOCUMENTS =
            new AlertPreferences(false, true, true, AlertPreferences.Channel.SMS);
    private static final AlertPreferences NOTHING =
            new AlertPreferences(false, false, false, AlertPreferences.Channel.SMS);

    private static AlertFixture a;
    private static StoreFixture f;

    @BeforeAll
    static void start(TestDatabase db) throws Exception {
        a = AlertFixture.start(db, AlertOptions.defaults(AlertFixture.SPACE_URL));
        f = a.f;
    }

    @AfterAll
    static void stop() throws Exception {
        a.close();
    }

    @Test
    void aProfessionalsFirstAccessAlertsOnceAndAnotherProfessionalsFirstAccessAlertsAgain() throws Exception {
        Ins ins = a.patient(true, true, null); // no preference row: the defaults
        Actor.Professional doctor = f.inCare(physician(), ins); // the opening is the first access
        await(f.records().listDocuments(doctor, ins));
        await(f.records().listDocuments(doctor, ins)); // same batch: still one alert
        a.run();
        List<ClaimedMessage> first = a.messagesTo(ins);
        assertThat(first).singleElement().satisfies(m -> {
            assertThat(m.templateId()).isEqualTo("access");
            assertThat(m.kind()).isEqualTo(MessageKind.ACCESS);
            assertThat(m.channel()).isEqualTo(Channel.SMS);
            assertThat(m.language()).isEqualTo(Language.fr);
            assertThat(m.params()).containsOnlyKeys("when", "spaceUrl")
                    .containsEntry("spaceUrl", AlertFixture.SPACE_URL);
        });

        await(f.records().listDocuments(doctor, ins)); // a later pass: not a first access any more
        a.run();
        assertThat(a.messagesTo(ins)).hasSize(1);

        await(f.records().listDocuments(f.inCare(StoreFixture.professional(Profession.PHARMACIST), ins), ins));
        a.run();
        assertThat(a.messagesTo(ins)).hasSize(2).last()
                .satisfies(m -> assertThat(m.templateId()).isEqualTo("access"));
    }

    @Test
    void everyAccessAlertsEveryPassWithAnAccessAndNotForFirstAccessesWhenOff() throws Exception {
        Ins ins = a.patient(true, false, EVERY_ACCESS);
        Actor.Professional doctor = f.inCare(physician(), ins);
        for (int i = 0; i < 3; i++) {
            await(f.records().listDocuments(doctor, ins));
            await(f.records().listDocuments(doctor, ins)); // same professional, same pass: one alert
            a.run();
        }
        assertThat(a.messagesTo(ins)).hasSize(3).allSatisfy(m -> assertThat(m.templateId()).isEqualTo("access"));

        Ins quiet = a.patient(true, false, NOTHING);
        await(f.records().listDocuments(f.inCare(physician(), quiet), quiet));
        a.run();
        assertThat(a.messagesTo(quiet)).isEmpty();
    }

    @Test
    void aNewDocumentAlertsOnlyWhenChosenByEmailWhenThatIsTheChoiceAndInTheRecordsLanguage() throws Exception {
        Ins chosen = a.patient(true, true, new AlertPreferences(false, false, true, AlertPreferences.Channel.EMAIL));
        await(f.store.patients().choices().setLanguage(chosen, "en"));
        Ins notChosen = a.patient(true, true, null);
        Actor.Professional doctor = physician();
        f.treatingDoctor(chosen, doctor.rpps());
        f.treatingDoctor(notChosen, doctor.rpps());
        await(f.records().deposit(doctor, chosen, document(DocumentClass.CONSULTATION_NOTE, "Bilan", "ok")));
        await(f.records().deposit(doctor, notChosen, document(DocumentClass.CONSULTATION_NOTE, "Bilan", "ok")));
        a.run();
        assertThat(a.messagesTo(chosen)).singleElement().satisfies(m -> {
            assertThat(m.templateId()).isEqualTo("new-document");
            assertThat(m.kind()).isEqualTo(MessageKind.NEW_DOCUMENT);
            assertThat(m.channel()).isEqualTo(Channel.EMAIL);
            assertThat(m.language()).isEqualTo(Language.en);
            assertThat(m.params()).containsOnlyKeys("when", "spaceUrl");
        });
        assertThat(a.messagesTo(notChosen)).isEmpty(); // a deposit is not an access: no first-access alert either
    }

    /**
     * A minor's secret care (L1111-5) is never announced: the record's contact may be a parent's phone. Neither its
     * deposit nor its reading alerts; an ordinary document of the same record does.
     */
    @Test
    void aDocumentConfidentialFromRepresentativesIsNeverAnnouncedNorItsReading() throws Exception {
        Ins ins = a.patient(true, false, new AlertPreferences(true, false, true, AlertPreferences.Channel.SMS));
        Actor.Professional doctor = physician();
        f.treatingDoctor(ins, doctor.rpps());
        UUID secret = await(f.records().deposit(doctor, ins, new fr.sante.dmp.store.record.NewDocument(
                DocumentClass.CONSULTATION_NOTE, "Consultation confidentielle", "text/plain",
                "secret".getBytes(java.nio.charset.StandardCharsets.UTF_8), false, java.util.Optional.empty(),
                true)));
        await(f.records().readDocument(doctor, secret));
        a.run();
        assertThat(a.messagesTo(ins)).isEmpty();

        await(f.records().deposit(doctor, ins, document(DocumentClass.CONSULTATION_NOTE, "Vaccin", "ok")));
        a.run();
        assertThat(a.messagesTo(ins)).singleElement()
                .satisfies(m -> assertThat(m.templateId()).isEqualTo("new-document"));
    }

    @Test
    void aWithheldResultIsAnnouncedOnlyWhenReleasedAndTheCareContextChoiceAlertsEveryOpening() throws Exception {
        Ins ins = a.patient(true, false, new AlertPreferences(false, false, true, AlertPreferences.Channel.SMS));
        Actor.Professional doctor = physician();
        f.treatingDoctor(ins, doctor.rpps());
        UUID withheld = await(f.records().deposit(doctor, ins, new fr.sante.dmp.store.record.NewDocument(
                DocumentClass.LABORATORY_REPORT, "Résultat", "text/plain", "positif".getBytes(), true)));
        a.run();
        assertThat(a.messagesTo(ins)).as("R1111-53: nothing announces a withheld result").isEmpty();
        await(f.records().release(doctor, withheld));
        a.run();
        assertThat(a.messagesTo(ins)).singleElement()
                .satisfies(m -> assertThat(m.templateId()).isEqualTo("new-document"));

        // First accesses off, care-context openings on: each opening alerts, a read under it does not.
        Ins watchful = a.patient(true, false, new AlertPreferences(false, false, false, AlertPreferences.Channel.SMS,
                true));
        Actor.Professional nurse = f.inCare(StoreFixture.professional(Profession.NURSE), watchful);
        await(f.records().listDocuments(nurse, watchful));
        a.run();
        assertThat(a.messagesTo(watchful)).singleElement()
                .satisfies(m -> assertThat(m.templateId()).isEqualTo("access"));
        f.inCare(nurse, watchful); // opened again (extended): another alert
        a.run();
        assertThat(a.messagesTo(watchful)).hasSize(2);
    }

    @Test
    void refusedAndEmergencyAccessesGetNoAccessAlert() throws Exception {
        Ins ins = a.patient(true, false, EVERY_ACCESS);
        Actor.Professional treating = physician();
        f.treatingDoctor(ins, treating.rpps());
        UUID masked = await(f.records().deposit(treating, ins,
                document(DocumentClass.CONSULTATION_NOTE, "Bilan", "ok")));
        f.mask(masked);
        a.run();
        assertThat(a.messagesTo(ins)).isEmpty(); // new documents were not chosen
        Actor.Professional blocked = physician();
        f.block(ins, blocked.rpps());
        assertThat(failure(f.records().listDocuments(blocked, ins))).isNotNull();
        a.run();
        assertThat(a.messagesTo(ins)).isEmpty();

        // The emergency access and the reads under it are announced by the grant's own notice, not by access alerts.
        Actor.Professional emergency = physician();
        await(a.breakGlass().open(emergency, ins, "patient inconscient aux urgences"));
        assertThat(await(f.records().readDocument(emergency, masked))).isNotNull();
        a.run();
        assertThat(a.messagesTo(ins)).extracting(ClaimedMessage::templateId).containsExactly("break-glass");
    }

    @Test
    void patientsWithoutContactAndClosedRecordsGetNothingAndTheFeedMovesOn() throws Exception {
        Ins noContact = a.patient(false, false, EVERY_ACCESS);
        Ins closing = a.patient(true, true, EVERY_ACCESS);
        await(f.records().listDocuments(f.inCare(physician(), noContact), noContact));
        await(f.records().listDocuments(f.inCare(physician(), closing), closing));
        await(f.store.patients().lifecycle().close(closing)); // closed before the feed came by
        long outbox = a.outboxSize();
        AlertRun run = a.run();
        assertThat(run.alerts()).isZero();
        assertThat(a.outboxSize()).isEqualTo(outbox);
        assertThat(a.messagesTo(closing)).isEmpty();
        assertThat(a.cursor()).isEqualTo(a.head());
    }

    @Test
    void aBatchThatFailsIsRedoneWholeAndARedoneBatchEnqueuesNothingTwice() throws Exception {
        Ins ins = a.patient(true, false, NEW_DOCUMENTS);
        Actor.Professional doctor = physician();
        f.treatingDoctor(ins, doctor.rpps());
        a.run();
        long before = a.cursor();
        await(f.records().deposit(doctor, ins, document(DocumentClass.CONSULTATION_NOTE, "Bilan", "ok")));
        await(f.records().listDocuments(doctor, ins));
        await(f.records().listDocuments(f.inCare(physician(), ins), ins));
        f.update("CREATE FUNCTION fail_cursor() RETURNS trigger LANGUAGE plpgsql AS "
                + "$$ BEGIN RAISE EXCEPTION 'injected failure'; END $$");
        f.update("CREATE TRIGGER fail_cursor BEFORE UPDATE ON alert_feed_cursor FOR EACH ROW "
                + "EXECUTE FUNCTION fail_cursor()");
        long outbox = a.outboxSize();
        try {
            assertThat(failure(a.feed.runOnce())).hasMessageContaining("injected failure");
            assertThat(a.outboxSize()).isEqualTo(outbox); // the enqueues rolled back with the cursor
            assertThat(a.cursor()).isEqualTo(before);
        } finally {
            f.update("DROP TRIGGER fail_cursor ON alert_feed_cursor");
        }
        assertThat(a.run().alerts()).isEqualTo(2); // the new document, the other professional's first access
        assertThat(a.messagesTo(ins)).extracting(ClaimedMessage::templateId)
                .containsExactlyInAnyOrder("new-document", "access");

        f.update("UPDATE alert_feed_cursor SET seq = ?", before); // as if the batch ran again
        long enqueued = a.outboxSize();
        assertThat(a.run().alerts()).isEqualTo(2);
        assertThat(a.outboxSize()).isEqualTo(enqueued);
        assertThat(a.messagesTo(ins)).hasSize(2);
    }

    @Test
    void twoInstancesPassingAtOnceEnqueueEachAlertOnce() throws Exception {
        List<Ins> patients = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Ins ins = a.patient(true, false, null);
            await(f.records().listDocuments(f.inCare(physician(), ins), ins));
            patients.add(ins);
        }
        AlertFeed other = a.feed(AlertOptions.defaults(AlertFixture.SPACE_URL).withBatch(2));
        AlertFeed mine = a.feed(AlertOptions.defaults(AlertFixture.SPACE_URL).withBatch(2));
        List<AlertRun> runs = await(io.vertx.core.Future.all(other.runOnce(), mine.runOnce())).list();
        a.run(); // whatever a busy instance left is taken now
        for (Ins ins : patients) {
            assertThat(a.messagesTo(ins)).hasSize(1);
        }
        assertThat(runs).extracting(AlertRun::alerts).allMatch(n -> n <= 5);
        assertThat(a.cursor()).isEqualTo(a.head());
    }

    @Test
    void theCursorAdvancesPastEntriesThatNeedNoAlertInBatches() throws Exception {
        AlertFeed small = a.feed(AlertOptions.defaults(AlertFixture.SPACE_URL).withBatch(3));
        {
            Ins ins = a.patient(true, false, NOTHING);
            Actor.Professional doctor = f.inCare(physician(), ins);
            for (int i = 0; i < 7; i++) {
                await(f.records().listDocuments(doctor, ins));
            }
            long behind = a.head() - a.cursor();
            AlertRun run = await(small.runOnce());
            assertThat(run.entries()).isEqualTo(behind).isGreaterThanOrEqualTo(7);
            assertThat(run.alerts()).isZero();
            assertThat(a.cursor()).isEqualTo(a.head());
            assertThat(await(small.runOnce())).isEqualTo(AlertRun.NONE);
        }
    }
}
