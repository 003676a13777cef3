package fr.sante.dmp.store.record;

import static fr.sante.dmp.store.record.StoreFixture.document;
import static fr.sante.dmp.store.record.StoreFixture.person;
import static fr.sante.dmp.store.record.StoreFixture.physician;
import static fr.sante.dmp.store.testing.Await.await;
import static fr.sante.dmp.store.testing.Await.failure;
import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.consent.Actor;
import fr.sante.dmp.consent.DocumentClass;
import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.consent.RecordState;
import fr.sante.dmp.consent.RuleId;
import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.testing.EmbeddedPostgresExtension;
import fr.sante.dmp.store.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Register, deposit, list, read against a real PostgreSQL and the real consent engine. */
@ExtendWith(EmbeddedPostgresExtension.class)
class RecordServiceIT {
    private static StoreFixture f;

    @BeforeAll
    static void start(TestDatabase db) throws Exception {
        f = StoreFixture.start(db);
    }

    @AfterAll
    static void stop() throws Exception {
        f.close();
    }

    @Test
    void registeringTheSameInsTwiceKeepsOneRecordAndSaysItWasNotCreated() throws Exception {
        Ins ins = StoreFixture.newIns();

        Registration first = await(f.records().register("admin", ins, person("Durand", RecordState.INVITED)));
        Registration again = await(f.records().register("admin", ins, person("Durand", RecordState.ACTIVE)));

        assertThat(first).isEqualTo(new Registration(true, RecordState.INVITED));
        assertThat(again).isEqualTo(new Registration(false, RecordState.INVITED));
        assertThat(f.count("SELECT count(*) FROM record WHERE ins_hash = ?", f.insHash(ins))).isEqualTo(1);
        assertThat(f.count("SELECT count(*) FROM record WHERE ins_hash = ? AND invited_at IS NOT NULL "
                + "AND opposition_deadline = invited_at + interval '42 days'", f.insHash(ins))).isEqualTo(1);
    }

    @Test
    void identityIsStoredEncryptedAndTheInsNowhere(TestDatabase db) throws Exception {
        Ins ins = StoreFixture.newIns();
        await(f.records().register("admin", ins, person("Zygomatique", RecordState.ACTIVE)));

        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT record::text FROM record")) {
            while (rs.next()) {
                String row = rs.getString(1);
                assertThat(row).doesNotContain(ins.value()).doesNotContain("Zygomatique")
                        .doesNotContain(toHex("Zygomatique")).doesNotContain("camille@example.org");
            }
        }
    }

    @Test
    void depositedDocumentIsListedNewestFirstAndReadBackDecrypted() throws Exception {
        Ins ins = f.activePatient();
        Actor.Professional doctor = f.inCare(physician(), ins);
        Actor.Professional colleague = f.inCare(physician(), ins);

        UUID older = await(f.records().deposit(doctor, ins,
                document(DocumentClass.LABORATORY_REPORT, "Bilan sanguin", "hemoglobine 14")));
        UUID newer = await(f.records().deposit(doctor, ins,
                document(DocumentClass.CONSULTATION_NOTE, "Consultation du 3 mars", "tout va bien")));

        List<DocumentSummary> listed = await(f.records().listDocuments(colleague, ins));
        assertThat(listed).extracting(DocumentSummary::id).containsExactly(newer, older);
        DocumentSummary top = listed.get(0);
        assertThat(top.title()).isEqualTo("Consultation du 3 mars");
        assertThat(top.classCode()).isEqualTo("11488-4");
        assertThat(top.contentType()).isEqualTo("text/plain");
        assertThat(top.authorRpps()).contains(doctor.rpps().value());
        assertThat(top.size()).isEqualTo("tout va bien".length());
        assertThat(top.masked()).isFalse();

        DocumentContent read = await(f.records().readDocument(colleague, older));
        assertThat(new String(read.content(), StandardCharsets.UTF_8)).isEqualTo("hemoglobine 14");
        assertThat(read.summary().title()).isEqualTo("Bilan sanguin");

        // The patient reads their own record too.
        assertThat(await(f.records().listDocuments(new Actor.Patient(ins), ins))).hasSize(2);
        assertThat(await(f.records().readDocument(new Actor.Patient(ins), newer)).content())
                .isEqualTo("tout va bien".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void contentAndTitleAtRestAreNotPlaintext(TestDatabase db) throws Exception {
        Ins ins = f.activePatient();
        UUID id = await(f.records().deposit(f.inCare(physician(), ins), ins,
                document(DocumentClass.PATHOLOGY_REPORT, "Biopsie cutanee", "carcinome basocellulaire")));

        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT d.title, c.content FROM document d "
                     + "JOIN document_content c ON c.document_id = d.id WHERE d.id = '" + id + "'")) {
            assertThat(rs.next()).isTrue();
            String title = new String(rs.getBytes(1), StandardCharsets.ISO_8859_1);
            String content = new String(rs.getBytes(2), StandardCharsets.ISO_8859_1);
            assertThat(title).doesNotContain("Biopsie");
            assertThat(content).doesNotContain("carcinome");
            assertThat(rs.getBytes(2).length).isGreaterThan("carcinome basocellulaire".length());
        }
    }

    @Test
    void ciphertextSwappedBetweenTwoDocumentsFailsToDecrypt() throws Exception {
        Ins ins = f.activePatient();
        Actor.Professional doctor = f.inCare(physician(), ins);
        UUID a = await(f.records().deposit(doctor, ins, document(DocumentClass.CONSULTATION_NOTE, "A", "aaaa")));
        UUID b = await(f.records().deposit(doctor, ins, document(DocumentClass.CONSULTATION_NOTE, "B", "bbbb")));

        f.update("UPDATE document_content SET content = (SELECT content FROM document_content WHERE document_id = ?) "
                + "WHERE document_id = ?", b, a);

        assertThat(failure(f.records().readDocument(doctor, a))).isInstanceOf(RecordException.Unavailable.class);
        assertThat(await(f.records().readDocument(doctor, b)).content()).isEqualTo("bbbb".getBytes());

        f.update("UPDATE document SET title = (SELECT title FROM document WHERE id = ?) WHERE id = ?", b, a);
        assertThat(failure(f.records().listDocuments(doctor, ins))).isInstanceOf(RecordException.Unavailable.class);
    }

    @Test
    void unknownPatientOrDocumentIsNotFoundAndStillAudited() throws Exception {
        Ins nobody = StoreFixture.newIns();
        Actor.Professional doctor = physician();
        long before = f.auditCount();

        assertThat(failure(f.records().listDocuments(doctor, nobody))).isInstanceOf(RecordException.NotFound.class);
        assertThat(failure(f.records().deposit(doctor, nobody, document(DocumentClass.CONSULTATION_NOTE, "t", "c"))))
                .isInstanceOf(RecordException.NotFound.class);
        assertThat(failure(f.records().breakGlass(doctor, nobody, "patient inconscient aux urgences")))
                .isInstanceOf(RecordException.NotFound.class);
        assertThat(failure(f.records().readDocument(doctor, UUID.randomUUID())))
                .isInstanceOf(RecordException.NotFound.class);

        assertThat(f.auditCount() - before).isEqualTo(4);
        assertThat(f.count("SELECT count(*) FROM audit_log WHERE actor_id = ? AND NOT allowed "
                + "AND rule_id IN ('record-not-found', 'document-not-found')", doctor.rpps().value())).isEqualTo(4);
    }

    /**
     * Issue 14: opposed, purged and unknown persons answer alike, with no timing difference a client can measure. To a
     * professional the erased record's row is not even read: the lookup takes the unknown person's path (no consent
     * inputs loaded, no decision on a snapshot) and its entry is the unknown person's. The patient still finds their own
     * erased record, decided as such.
     */
    @Test
    void anErasedRecordTakesTheUnknownPersonsPathForProfessionalsOnly() throws Exception {
        for (String state : List.of("OPPOSED", "PURGED")) {
            Ins ins = f.activePatient();
            Actor.Professional doctor = f.inCare(physician(), ins);
            f.update("UPDATE record SET state = '" + state + "' WHERE id = ?", f.recordId(ins));
            long before = f.auditCount();

            assertThat(failure(f.records().listDocuments(doctor, ins))).isInstanceOf(RecordException.NotFound.class);
            assertThat(failure(f.records().deposit(doctor, ins, document(DocumentClass.CONSULTATION_NOTE, "t", "c"))))
                    .isInstanceOf(RecordException.NotFound.class);
            assertThat(failure(f.records().breakGlass(doctor, ins, "patient inconscient aux urgences")))
                    .isInstanceOf(RecordException.NotFound.class);
            assertThat(failure(f.records().findPatient(doctor, ins))).isInstanceOf(RecordException.NotFound.class);
            assertThat(f.count("SELECT count(*) FROM audit_log WHERE seq > ? AND actor_id = ? AND NOT allowed "
                    + "AND rule_id = 'record-not-found'", before, doctor.rpps().value())).as(state).isEqualTo(4);

            Throwable own = failure(f.records().listDocuments(new Actor.Patient(ins), ins));
            assertThat(own).as(state).isInstanceOf(RecordException.AccessDenied.class);
            assertThat(((RecordException.AccessDenied) own).decision().rule()).isEqualTo(RuleId.RECORD_ERASED);
        }
    }

    @Test
    void aReadTheCallersAdmissionRefusesIsRecordedAsRefusedAndServesNothing() throws Exception {
        Ins ins = f.activePatient();
        Actor.Professional doctor = f.inCare(physician(), ins);
        UUID id = await(f.records().deposit(doctor, ins, document(DocumentClass.CONSULTATION_NOTE, "t", "c")));
        List<byte[]> asked = new java.util.ArrayList<>();
        IllegalStateException quota = new IllegalStateException("quota reached (the caller's own failure)");
        RecordService.Admission refusing = insHash -> {
            asked.add(insHash);
            return io.vertx.core.Future.failedFuture(quota);
        };
        long before = f.auditCount();

        Throwable refused = failure(f.records().readDocument(doctor, id, refusing));

        assertThat(refused).isInstanceOf(RecordException.NotAdmitted.class).hasCause(quota);
        assertThat(asked).singleElement().isEqualTo(f.insHash(ins)); // named by the keyed hash, never the INS
        assertThat(f.auditCount() - before).isEqualTo(1);
        assertThat(f.count("SELECT count(*) FROM audit_log WHERE seq > ? AND action = 'READ_DOCUMENT' "
                + "AND NOT allowed AND rule_id = 'patient-quota-exceeded'", before)).isEqualTo(1);
        // Not asked for the patient's own read, an unknown id or an erased record's document (they name no one).
        assertThat(await(f.records().readDocument(new Actor.Patient(ins), id, refusing)).content()).isNotEmpty();
        assertThat(failure(f.records().readDocument(doctor, UUID.randomUUID(), refusing)))
                .isInstanceOf(RecordException.NotFound.class);
        f.update("UPDATE record SET state = 'OPPOSED' WHERE id = ?", f.recordId(ins));
        assertThat(failure(f.records().readDocument(doctor, id, refusing)))
                .isInstanceOf(RecordException.NotFound.class);
        assertThat(asked).hasSize(1);
    }

    @Test
    void invalidInputsNameTheirField() throws Exception {
        Ins ins = f.activePatient();
        RecordException.Invalid title = (RecordException.Invalid) failure(f.records().deposit(physician(), ins,
                document(DocumentClass.CONSULTATION_NOTE, " ", "c")));
        assertThat(title.field()).isEqualTo("title");
        RecordException.Invalid type = (RecordException.Invalid) failure(f.records().deposit(physician(), ins,
                new NewDocument(DocumentClass.CONSULTATION_NOTE, "t", "pdf", new byte[] {1}, false)));
        assertThat(type.field()).isEqualTo("contentType");
        RecordException.Invalid state = (RecordException.Invalid) failure(f.records().register("admin",
                StoreFixture.newIns(), person("X", RecordState.CLOSED)));
        assertThat(state.field()).isEqualTo("state");
        RecordException.Invalid reason = (RecordException.Invalid) failure(
                f.records().breakGlass(physician(), ins, "urgent"));
        assertThat(reason.field()).isEqualTo("reason");
    }

    @Test
    void aFailedWriteLeavesNoDocumentNoContentAndNoAuditEntry() throws Exception {
        Ins ins = f.activePatient();
        UUID record = f.recordId(ins);
        Actor.Professional doctor = f.inCare(physician(), ins); // allowed: the failure is the write's, not consent's
        f.update("CREATE FUNCTION fail_content() RETURNS trigger LANGUAGE plpgsql AS "
                + "$$ BEGIN RAISE EXCEPTION 'disk full (simulated)'; END $$");
        f.update("CREATE TRIGGER fail_content BEFORE INSERT ON document_content "
                + "FOR EACH ROW EXECUTE FUNCTION fail_content()");
        long audit = f.auditCount();
        try {
            assertThat(failure(f.records().deposit(doctor, ins,
                    document(DocumentClass.CONSULTATION_NOTE, "t", "c"))))
                    .isInstanceOf(RecordException.Unavailable.class);
        } finally {
            f.update("DROP TRIGGER fail_content ON document_content");
        }
        assertThat(f.count("SELECT count(*) FROM document WHERE record_id = ?", record)).isZero();
        assertThat(f.auditCount()).isEqualTo(audit);
        assertThat(f.count("SELECT seq FROM audit_head")).isEqualTo(audit);
        // And the store works again once the fault is gone.
        assertThat(await(f.records().deposit(doctor, ins, document(DocumentClass.CONSULTATION_NOTE, "t", "c"))))
                .isNotNull();
    }

    private static String toHex(String s) {
        StringBuilder b = new StringBuilder();
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            b.append(String.format("%02x", x));
        }
        return b.toString();
    }
}
