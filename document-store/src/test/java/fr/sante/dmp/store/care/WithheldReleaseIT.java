package fr.sante.dmp.store.care;

import static fr.sante.dmp.store.care.CareFixture.ruleOf;
import static fr.sante.dmp.store.record.StoreFixture.physician;
import static fr.sante.dmp.store.testing.Await.await;
import static fr.sante.dmp.store.testing.Await.failure;
import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.consent.Actor;
import fr.sante.dmp.consent.DocumentClass;
import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.consent.RuleId;
import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.record.DocumentSummary;
import fr.sante.dmp.store.testing.EmbeddedPostgresExtension;
import fr.sante.dmp.store.testing.TestDatabase;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A result withheld from the patient until the announcement consultation (R1111-53) reaches them when its author or
 * their treating doctor releases it, and no one else can release it.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class WithheldReleaseIT {
    private static CareFixture c;

    @BeforeAll
    static void start(TestDatabase db) throws Exception {
        c = CareFixture.start(db);
    }

    @AfterAll
    static void stop() throws Exception {
        c.close();
    }

    private static java.util.List<UUID> seenByThePatient(Ins ins) throws Exception {
        return await(c.records().listDocuments(new Actor.Patient(ins), ins)).stream().map(DocumentSummary::id)
                .toList();
    }

    @Test
    void theAuthorReleasesAWithheldResultAndOnlyThenThePatientSeesIt() throws Exception {
        Ins ins = c.activePatient();
        Actor.Professional pathologist = c.f.inCare(physician(), ins);
        UUID biopsy = c.deposit(pathologist, ins, DocumentClass.PATHOLOGY_REPORT, true);
        Actor.Patient patient = new Actor.Patient(ins);

        assertThat(seenByThePatient(ins)).doesNotContain(biopsy);
        assertThat(ruleOf(c.records().readDocument(patient, biopsy))).isEqualTo(RuleId.WITHHELD_FROM_PATIENT.id());

        await(c.records().release(pathologist, biopsy));

        assertThat(seenByThePatient(ins)).containsExactly(biopsy);
        assertThat(await(c.records().readDocument(patient, biopsy)).summary().id()).isEqualTo(biopsy);
        assertThat(c.f.count("SELECT count(*) FROM audit_log WHERE document_id = ? AND action = 'RELEASE_DOCUMENT' "
                + "AND allowed AND actor_id = ?", biopsy, pathologist.rpps().value())).isEqualTo(1);
        // Releasing twice is harmless and changes nothing.
        await(c.records().release(pathologist, biopsy));
        assertThat(c.f.count("SELECT count(*) FROM document WHERE id = ? AND released_at IS NOT NULL", biopsy))
                .isEqualTo(1);
    }

    @Test
    void anotherPhysicianInCareCannotReleaseItButTheTreatingDoctorCan() throws Exception {
        Ins ins = c.activePatient();
        Actor.Professional radiologist = c.f.inCare(physician(), ins);
        UUID scan = c.deposit(radiologist, ins, DocumentClass.IMAGING_REPORT, true);
        Actor.Professional colleague = c.f.inCare(physician(), ins); // reads it, but announced nothing
        Actor.Professional treating = c.known(physician());
        await(c.patients().choices().setTreatingDoctor(ins, Optional.of(treating.rpps())));

        assertThat(await(c.records().readDocument(colleague, scan)).summary().id()).isEqualTo(scan);
        assertThat(ruleOf(c.records().release(colleague, scan))).isEqualTo(RuleId.RELEASE_NOT_ALLOWED.id());
        assertThat(seenByThePatient(ins)).doesNotContain(scan);
        assertThat(c.f.count("SELECT count(*) FROM audit_log WHERE document_id = ? AND action = 'RELEASE_DOCUMENT' "
                + "AND NOT allowed AND rule_id = 'release-not-allowed'", scan)).isEqualTo(1);

        await(c.records().release(treating, scan));

        assertThat(seenByThePatient(ins)).containsExactly(scan);
    }

    @Test
    void anAuthorWithoutARelationshipAnyMoreCannotReleaseAndAnUnknownDocumentIsNotFound() throws Exception {
        Ins ins = c.activePatient();
        Actor.Professional author = physician();
        CareContext context = c.openWithCode(author, ins);
        UUID result = c.deposit(author, ins, DocumentClass.LABORATORY_REPORT, true);
        await(c.care().end(ins, context.id()));

        assertThat(ruleOf(c.records().release(author, result))).isEqualTo(RuleId.CARE_RELATIONSHIP_REQUIRED.id());
        assertThat(seenByThePatient(ins)).doesNotContain(result);
        assertThat(failure(c.records().release(author, UUID.randomUUID())))
                .isInstanceOf(RecordException.NotFound.class).hasMessage("document not found");
    }
}
