package fr.sante.dmp.store.care;

import static fr.sante.dmp.store.care.CareFixture.invalidField;
import static fr.sante.dmp.store.care.CareFixture.ruleOf;
import static fr.sante.dmp.store.record.StoreFixture.physician;
import static fr.sante.dmp.store.testing.Await.await;
import static fr.sante.dmp.store.testing.Await.failure;
import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.consent.Actor;
import fr.sante.dmp.consent.DocumentClass;
import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.consent.Profession;
import fr.sante.dmp.consent.RuleId;
import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.record.DocumentSummary;
import fr.sante.dmp.store.record.StoreFixture;
import fr.sante.dmp.store.testing.EmbeddedPostgresExtension;
import fr.sante.dmp.store.testing.TestDatabase;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The patient's own hand on care contexts, from their space: grant one, see them all, end one at once. */
@ExtendWith(EmbeddedPostgresExtension.class)
class PatientCareContextsIT {
    private static CareFixture c;

    @BeforeAll
    static void start(TestDatabase db) throws Exception {
        c = CareFixture.start(db);
    }

    @AfterAll
    static void stop() throws Exception {
        c.close();
    }

    @Test
    void thePatientGrantsAContextListsItAndEndingItRefusesTheVeryNextRequest() throws Exception {
        Ins ins = c.activePatient();
        UUID prescription = c.deposit(c.f.inCare(physician(), ins), ins, DocumentClass.PRESCRIPTION, false);
        Actor.Professional pharmacist = c.known(CareFixture.pharmacist());

        CareContext granted = await(c.care().grant(ins, pharmacist.rpps(), 30));

        assertThat(await(c.care().list(ins))).filteredOn(x -> x.id().equals(granted.id())).singleElement()
                .satisfies(x -> {
                    assertThat(x.rpps()).isEqualTo(pharmacist.rpps().value());
                    assertThat(x.via()).isEqualTo("patient-grant");
                    assertThat(x.liveAt(Instant.now())).isTrue();
                });
        assertThat(c.f.count("SELECT count(*) FROM audit_log WHERE ins_hash = ? AND actor_kind = 'PATIENT' "
                + "AND action = 'OPEN_CARE_CONTEXT' AND allowed AND rule_id = 'care-context-opened'",
                c.f.insHash(ins))).isEqualTo(1);
        assertThat(await(c.records().listDocuments(pharmacist, ins))).extracting(DocumentSummary::id)
                .containsExactly(prescription);

        await(c.care().end(ins, granted.id()));

        String required = RuleId.CARE_RELATIONSHIP_REQUIRED.id();
        assertThat(ruleOf(c.records().listDocuments(pharmacist, ins))).isEqualTo(required);
        assertThat(ruleOf(c.records().readDocument(pharmacist, prescription))).isEqualTo(required);
        CareContext ended = await(c.care().list(ins)).stream().filter(x -> x.id().equals(granted.id()))
                .findFirst().orElseThrow();
        assertThat(ended.endedAt()).isPresent();
        assertThat(ended.liveAt(Instant.now())).isFalse();
    }

    @Test
    void anEndedContextStaysEndedWhateverComesAfter() throws Exception {
        Ins ins = c.activePatient();
        Actor.Professional doctor = c.known(physician());
        CareContext first = await(c.care().grant(ins, doctor.rpps(), 30));
        await(c.care().end(ins, first.id()));

        assertThat(failure(c.care().end(ins, first.id()))).isInstanceOf(RecordException.NotFound.class);
        // A new opening is a new context; it does not reopen the ended one.
        CareContext second = c.openWithCode(doctor, ins);
        CareContext third = await(c.care().grant(ins, doctor.rpps(), 60));

        assertThat(second.id()).isNotEqualTo(first.id());
        assertThat(third.id()).as("the live one is extended").isEqualTo(second.id());
        List<CareContext> listed = await(c.care().list(ins));
        assertThat(listed).extracting(CareContext::id).containsExactly(second.id(), first.id()); // live ones first
        assertThat(listed.get(1).endedAt()).isPresent();

        await(c.care().end(ins, second.id()));
        assertThat(ruleOf(c.records().listDocuments(doctor, ins))).isEqualTo(RuleId.CARE_RELATIONSHIP_REQUIRED.id());
        assertThat(await(c.care().list(ins))).allSatisfy(x -> assertThat(x.endedAt()).isPresent());
    }

    @Test
    void endingAContextLeavesTheOtherProfessionalsContextsInForce() throws Exception {
        Ins ins = c.activePatient();
        Actor.Professional nurse = c.known(StoreFixture.professional(Profession.NURSE));
        Actor.Professional doctor = c.known(physician());
        CareContext nurses = await(c.care().grant(ins, nurse.rpps(), 30));
        c.openWithCode(doctor, ins);

        await(c.care().end(ins, nurses.id()));

        assertThat(ruleOf(c.records().listDocuments(nurse, ins))).isEqualTo(RuleId.CARE_RELATIONSHIP_REQUIRED.id());
        assertThat(await(c.records().listDocuments(doctor, ins))).extracting(DocumentSummary::id).isEmpty();
    }

    @Test
    void onlyAProfessionalOfTheDirectoryForOneDayToOneYearCanBeGranted() throws Exception {
        Ins ins = c.activePatient();
        Actor.Professional doctor = c.known(physician());

        assertThat(invalidField(c.care().grant(ins, physician().rpps(), 30))).as("unknown to the directory")
                .isEqualTo("rpps");
        assertThat(invalidField(c.care().grant(ins, null, 30))).isEqualTo("rpps");
        assertThat(invalidField(c.care().grant(ins, doctor.rpps(), 0))).isEqualTo("days");
        assertThat(invalidField(c.care().grant(ins, doctor.rpps(), 366))).isEqualTo("days");
        assertThat(invalidField(c.care().end(ins, null))).isEqualTo("id");
        assertThat(failure(c.care().end(ins, UUID.randomUUID()))).isInstanceOf(RecordException.NotFound.class);
        assertThat(c.rows("care_context", ins)).isZero();
    }

    @Test
    void aClosedOrOpposedRecordTakesNoNewRelationship() throws Exception {
        Ins closed = c.activePatient();
        await(c.patients().lifecycle().close(closed));
        Ins opposed = c.invitedPatient();
        await(c.patients().lifecycle().oppose(opposed));
        Actor.Professional doctor = c.known(physician());

        assertThat(failure(c.care().grant(closed, doctor.rpps(), 30))).isInstanceOf(RecordException.Conflict.class);
        assertThat(failure(c.care().issueCareCode(opposed))).isInstanceOf(RecordException.Conflict.class);
        assertThat(failure(c.care().grant(StoreFixture.newIns(), doctor.rpps(), 30)))
                .isInstanceOf(RecordException.NotFound.class);
    }
}
