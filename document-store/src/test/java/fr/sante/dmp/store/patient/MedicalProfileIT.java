package fr.sante.dmp.store.patient;

import fr.sante.dmp.store.patient.choices.MedicalProfile;
import static fr.sante.dmp.store.testing.Await.await;
import static fr.sante.dmp.store.testing.Await.failure;
import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.consent.Actor;
import fr.sante.dmp.consent.DocumentClass;
import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.consent.Profession;
import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.record.DocumentSummary;
import fr.sante.dmp.store.record.StoreFixture;
import fr.sante.dmp.store.testing.EmbeddedPostgresExtension;
import fr.sante.dmp.store.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The patient's medical profile: their own document (51855-5), sealed, audited, replaced by each new version. */
@ExtendWith(EmbeddedPostgresExtension.class)
class MedicalProfileIT {
    private static StoreFixture f;

    @BeforeAll
    static void start(TestDatabase db) throws Exception {
        f = StoreFixture.start(db);
    }

    @AfterAll
    static void stop() throws Exception {
        f.close();
    }

    static MedicalProfile profile(String allergies) {
        return new MedicalProfile(Optional.of("O-"), allergies,
                List.of(new MedicalProfile.EmergencyContact("Jean Martin", "+33612345678")));
    }

    @Test
    void newVersionReplacesThePreviousOneKeepsItsMaskingAndPharmacistsReadIt() throws Exception {
        Ins ins = f.activePatient();
        var patients = f.store.patients().choices();
        Actor.Professional pharmacist = f.inCare(StoreFixture.professional(Profession.PHARMACIST), ins);

        await(patients.saveMedicalProfile(ins, profile("Pénicilline")));
        List<DocumentSummary> first = await(f.records().listDocuments(pharmacist, ins));
        assertThat(first).singleElement().satisfies(d -> {
            assertThat(d.classCode()).isEqualTo(DocumentClass.MEDICAL_PROFILE.loinc());
            assertThat(d.authorRpps()).isEmpty();
            assertThat(d.contentType()).isEqualTo("application/json");
        });
        String json = new String(await(f.records().readDocument(pharmacist, first.get(0).id())).content(),
                StandardCharsets.UTF_8);
        assertThat(json).contains("\"bloodGroup\":\"O-\"", "Pénicilline", "+33612345678");
        assertThat(f.count("SELECT count(*) FROM document_content c JOIN document d ON d.id = c.document_id "
                + "WHERE d.id = ? AND position(convert_to('Pénicilline', 'UTF8') in c.content) > 0",
                first.get(0).id())).as("sealed, not clear").isZero();

        await(patients.setMasked(ins, first.get(0).id(), true));
        await(patients.saveMedicalProfile(ins, profile("Pénicilline, arachide")));

        assertThat(await(f.records().listDocuments(pharmacist, ins))).as("masked version replaced, still masked")
                .isEmpty();
        List<DocumentSummary> own = await(f.records().listDocuments(new Actor.Patient(ins), ins));
        assertThat(own).singleElement().satisfies(d -> assertThat(d.masked()).isTrue());
        assertThat(await(patients.medicalProfile(ins)).orElseThrow().allergies()).isEqualTo("Pénicilline, arachide");
        assertThat(f.count("SELECT count(*) FROM audit_log WHERE action = 'SAVE_MEDICAL_PROFILE' AND allowed "
                + "AND ins_hash = ?", f.insHash(ins))).isEqualTo(2);
    }

    @Test
    void anInvitedRecordTakesNoProfileAndTheRefusalIsAudited() throws Exception {
        Ins ins = new PatientSupport(f).invitedPatient();

        assertThat(failure(f.store.patients().choices().saveMedicalProfile(ins, profile("")))).isInstanceOf(
                RecordException.AccessDenied.class);
        assertThat(f.count("SELECT count(*) FROM audit_log WHERE action = 'SAVE_MEDICAL_PROFILE' AND NOT allowed "
                + "AND rule_id = 'record-not-active' AND ins_hash = ?", f.insHash(ins))).isEqualTo(1);
        assertThat(await(f.store.patients().choices().medicalProfile(ins))).isEmpty();
    }

    @Test
    void invalidValuesNameTheirField() {
        assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(() -> new MedicalProfile(Optional.of("C+"),
                "", List.of()), RecordException.Invalid.class).field()).isEqualTo("bloodGroup");
        assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(() -> new MedicalProfile.EmergencyContact(
                "Jean", "0612345678"), RecordException.Invalid.class).field()).isEqualTo("emergencyContacts.phone");
        assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(() -> new MedicalProfile(Optional.empty(),
                "x".repeat(1001), List.of()), RecordException.Invalid.class).field()).isEqualTo("allergies");
    }
}
