package fr.sante.dmp.store.care;

import static fr.sante.dmp.store.care.CareFixture.EMERGENCY;
import static fr.sante.dmp.store.care.CareFixture.presence;
import static fr.sante.dmp.store.record.StoreFixture.document;
import static fr.sante.dmp.store.record.StoreFixture.physician;
import static fr.sante.dmp.store.testing.Await.await;
import static fr.sante.dmp.store.testing.Await.failure;
import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.consent.Actor;
import fr.sante.dmp.consent.ActorCategory;
import fr.sante.dmp.consent.DocumentClass;
import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.consent.Profession;
import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.record.StoreFixture;
import fr.sante.dmp.store.testing.EmbeddedPostgresExtension;
import fr.sante.dmp.store.testing.TestDatabase;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * To professionals, a person who opposed or whose record was purged is exactly a person the platform never knew: for
 * every operation, the same failure with the same message, so that no answer tells who opposed (R1111-28). Each row is
 * one operation by one kind of professional; the professionals include the persons' former treating doctor, and an
 * insurer and a mutual fund, refused as such whether the person exists or not.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class ErasedPersonsIT {
    private static CareFixture c;
    /** Treating doctor of the opposed and the purged person, and in care with the purged one, before the erasure. */
    private static Actor.Professional formerDoctor;
    private static Person unknown;
    private static Person opposed;
    private static Person purged;

    /** A person and a document id that was theirs (any id for the unknown person). */
    private record Person(String name, Ins ins, UUID document) {
    }

    /** What a professional asks about a person. */
    private enum Operation {
        LIST((pro, p) -> c.records().listDocuments(pro, p.ins())),
        READ_BY_ID((pro, p) -> c.records().readDocument(pro, p.document())),
        RELEASE((pro, p) -> c.records().release(pro, p.document())),
        DEPOSIT((pro, p) -> c.records().deposit(pro, p.ins(),
                document(DocumentClass.CONSULTATION_NOTE, "Consultation", "examen normal"))),
        DIRECTIVES((pro, p) -> c.f.store.directives().readDirectives(pro, p.ins())),
        CARE_HISTORY((pro, p) -> c.history.forProfessional(pro, p.ins())),
        CARE_HISTORY_IN_EMERGENCY((pro, p) -> c.history.forProfessionalInEmergency(pro, p.ins(), EMERGENCY)),
        BREAK_GLASS((pro, p) -> c.records().breakGlass(pro, p.ins(), EMERGENCY)),
        EMERGENCY_GRANT((pro, p) -> c.emergency.open(pro, p.ins(), EMERGENCY)),
        CARE_CONTEXT_BY_PRESENCE((pro, p) -> c.care().open(pro, p.ins(), presence(pro, p.ins())));

        private final BiFunction<Actor.Professional, Person, Future<?>> call;

        Operation(BiFunction<Actor.Professional, Person, Future<?>> call) {
            this.call = call;
        }
    }

    @BeforeAll
    static void start(TestDatabase db) throws Exception {
        c = CareFixture.start(db);
        formerDoctor = c.known(physician());

        Ins invited = c.invitedPatient();
        await(c.patients().choices().setTreatingDoctor(invited, Optional.of(formerDoctor.rpps())));
        await(c.care().grant(invited, formerDoctor.rpps(), 90));
        opposed = new Person("opposed", invited, c.opposeWithADocument(invited));

        Ins active = c.activePatient();
        await(c.patients().choices().setTreatingDoctor(active, Optional.of(formerDoctor.rpps())));
        c.openWithCode(formerDoctor, active);
        UUID note = c.deposit(formerDoctor, active, DocumentClass.CONSULTATION_NOTE, false);
        c.careCode(active); // a code shown and never used
        c.purge(active);
        purged = new Person("purged", active, note);

        unknown = new Person("unknown", StoreFixture.newIns(), UUID.randomUUID());
    }

    @AfterAll
    static void stop() throws Exception {
        c.close();
    }

    static Stream<Arguments> everyOperationByEveryKindOfProfessional() {
        List<Actor.Professional> professionals = List.of(
                formerDoctor,
                physician(),
                CareFixture.pharmacist(),
                StoreFixture.professional(Profession.NURSE),
                StoreFixture.withCategory(Profession.PHYSICIAN, ActorCategory.SAMU_REGULATION),
                CareFixture.occupationalBySpecialty(),
                StoreFixture.withCategory(Profession.PHYSICIAN, ActorCategory.INSURER),
                StoreFixture.withCategory(Profession.PHYSICIAN, ActorCategory.MUTUAL_FUND));
        List<String> names = List.of("former treating doctor", "physician", "pharmacist", "nurse", "SAMU regulation",
                "occupational physician", "insurer", "mutual fund");
        return Stream.of(Operation.values()).flatMap(op -> java.util.stream.IntStream.range(0, professionals.size())
                .mapToObj(i -> Arguments.of(op, names.get(i), professionals.get(i))));
    }

    @ParameterizedTest(name = "{0} by a {1}")
    @MethodSource("everyOperationByEveryKindOfProfessional")
    void anOpposedOrPurgedPersonAnswersExactlyAsAnUnknownOne(Operation operation, String kind,
                                                            Actor.Professional pro) throws Exception {
        Throwable asUnknown = failure(operation.call.apply(pro, unknown));

        // Insurers and mutual funds are refused as such whoever the person is (L1111-18), the unknown one included;
        // everyone else learns only that there is no such person (or document).
        boolean forbidden = pro.category() == ActorCategory.INSURER || pro.category() == ActorCategory.MUTUAL_FUND;
        boolean byDocumentId = operation == Operation.READ_BY_ID || operation == Operation.RELEASE;
        assertThat(asUnknown).isInstanceOf(forbidden && !byDocumentId ? RecordException.AccessDenied.class
                : RecordException.NotFound.class);
        for (Person erased : List.of(opposed, purged)) {
            assertThat(failure(operation.call.apply(pro, erased))).as("%s person", erased.name())
                    .hasSameClassAs(asUnknown).hasMessage(asUnknown.getMessage());
        }
    }

    @Test
    void theErasureLeavesNoCareRelationshipBehind() throws Exception {
        for (Person erased : List.of(opposed, purged)) {
            assertThat(c.rows("care_context", erased.ins())).as("%s: contexts", erased.name()).isZero();
            assertThat(c.rows("care_code", erased.ins())).as("%s: care code", erased.name()).isZero();
            assertThat(c.rows("express_consent", erased.ins())).as("%s: consents", erased.name()).isZero();
            assertThat(c.f.count("SELECT count(*) FROM consent_settings WHERE record_id = ? "
                    + "AND treating_doctor IS NOT NULL", c.f.recordId(erased.ins()))).isZero();
        }
    }
}
