package fr.sante.dmp.store.record;

import static fr.sante.dmp.store.record.StoreFixture.physician;
import static fr.sante.dmp.store.testing.Await.await;
import static fr.sante.dmp.store.testing.Await.failure;
import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.consent.Actor;
import fr.sante.dmp.consent.DocumentClass;
import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.consent.RecordState;
import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.StoreOptions;
import fr.sante.dmp.store.testing.EmbeddedPostgresExtension;
import fr.sante.dmp.store.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Values that were stored when they should have been refused (security issue, item 14): each is now a field error, and
 * nothing is written. The rules live in the store, so the admin API, the feeds and the patient space all get them.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class RefusedInputIT {
    private static StoreFixture f;

    @BeforeAll
    static void start(TestDatabase db) throws Exception {
        f = StoreFixture.start(db);
    }

    @AfterAll
    static void stop() throws Exception {
        f.close();
    }

    static PersonRegistration person(LocalDate birth, String given, String family, String phone, String email) {
        return new PersonRegistration(birth, given, family, "F", Optional.ofNullable(phone), Optional.ofNullable(email),
                RecordState.ACTIVE);
    }

    String refusedField(PersonRegistration p) throws Exception {
        Ins ins = StoreFixture.newIns();
        Throwable e = failure(f.records().register("admin", ins, p));
        assertThat(e).isInstanceOf(RecordException.Invalid.class);
        assertThat(f.count("SELECT count(*) FROM record WHERE ins_hash = ?", f.insHash(ins))).isZero();
        return ((RecordException.Invalid) e).field();
    }

    @Test
    void registrationRefusesEachBadValueNamingItsField() throws Exception {
        LocalDate birth = LocalDate.of(1985, 5, 12);
        String phone = "+33612345678";
        String mail = "camille@example.org";
        assertThat(refusedField(person(birth, "Cam\u0000ille", "Martin", phone, mail))).isEqualTo("givenName");
        assertThat(refusedField(person(birth, "Camille", "Mar\ud800tin", phone, mail))).isEqualTo("familyName");
        assertThat(refusedField(person(birth, "Camille", "Martin", "<script>x</script>", mail))).isEqualTo("phone");
        assertThat(refusedField(person(birth, "Camille", "Martin", "0612345678", mail))).isEqualTo("phone");
        assertThat(refusedField(person(birth, "Camille", "Martin", phone, "camille@example.org\r\nBcc: x@y.fr")))
                .isEqualTo("email");
        assertThat(refusedField(person(LocalDate.of(1, 1, 1), "Camille", "Martin", phone, mail))).isEqualTo("birthDate");
        // The same person with proper values is registered.
        assertThat(await(f.records().register("admin", StoreFixture.newIns(),
                person(birth, "Camille-Éloïse", "Martin 😀", phone, mail))).created()).isTrue();
    }

    @Test
    void aTitleWithNulOrHalfACharacterIsRefused() throws Exception {
        Ins ins = f.activePatient();
        Actor.Professional doctor = f.inCare(physician(), ins);
        for (String title : new String[] {"Bilan\u0000", "Bilan \udc00"}) {
            Throwable e = failure(f.records().deposit(doctor, ins, new NewDocument(DocumentClass.LABORATORY_REPORT,
                    title, "text/plain", "x".getBytes(StandardCharsets.UTF_8), false)));
            assertThat(e).isInstanceOf(RecordException.Invalid.class);
            assertThat(((RecordException.Invalid) e).field()).isEqualTo("title");
        }
    }

    @Test
    void aBreakGlassReasonWithNulIsRefused() throws Exception {
        Ins ins = f.activePatient();
        Actor.Professional doctor = physician();
        Throwable e = failure(f.records().breakGlass(doctor, ins, "arret cardiaque\u0000 en salle d'attente"));
        assertThat(e).isInstanceOf(RecordException.Invalid.class);
        assertThat(((RecordException.Invalid) e).field()).isEqualTo("reason");
    }

    /**
     * The contract refuses a media type with parameters, and so does the store (FieldLimits, one rule for every path:
     * the professional API, the FHIR face, the patient space); the same type without them is taken.
     */
    @Test
    void aContentTypeWithParametersOrTooLongIsRefusedAsTheContractRefusesIt() throws Exception {
        Ins ins = f.activePatient();
        Actor.Professional doctor = f.inCare(physician(), ins);
        for (String type : new String[] {"text/plain; charset=utf-8", "text/plain;charset=utf-8", "text/plain ",
                "+pdf/x", "application/" + "x".repeat(116)}) {
            Throwable e = failure(f.records().deposit(doctor, ins, new NewDocument(DocumentClass.LABORATORY_REPORT,
                    "Bilan", type, "x".getBytes(StandardCharsets.UTF_8), false)));
            assertThat(e).as(type).isInstanceOf(RecordException.Invalid.class);
            assertThat(((RecordException.Invalid) e).field()).isEqualTo("contentType");
        }
        for (String type : new String[] {"text/plain", "application/" + "x".repeat(115), "application/fhir+json"}) {
            assertThat(await(f.records().deposit(doctor, ins, new NewDocument(DocumentClass.LABORATORY_REPORT,
                    "Bilan", type, "x".getBytes(StandardCharsets.UTF_8), false)))).as(type).isNotNull();
        }
    }

    @Test
    void aSexOutsideTheContractsValuesIsRefused() throws Exception {
        PersonRegistration p = person(LocalDate.of(1985, 5, 12), "Camille", "Martin", "+33612345678",
                "camille@example.org");
        assertThat(refusedField(new PersonRegistration(p.birthDate(), p.givenName(), p.familyName(), "X", p.phone(),
                p.email(), p.initialState()))).isEqualTo("sex");
        assertThat(refusedField(person(p.birthDate(), "C".repeat(FieldLimits.NAME_MAX + 1), "Martin", null, null)))
                .isEqualTo("givenName");
    }

    /** "Not in the future" is the store's clock's: here a store living on 1 March 2020, the day after tomorrow refused. */
    @Test
    void aBirthDateIsJudgedByTheStoresClock(TestDatabase db) throws Exception {
        Clock march2020 = Clock.fixed(Instant.parse("2020-03-01T10:00:00Z"), ZoneOffset.UTC);
        StoreFixture past = StoreFixture.start(db, o -> new StoreOptions(o.pgUri(), 1, o.masterKey(), o.insHashKey(),
                march2020));
        try {
            Throwable e = failure(past.records().register("admin", StoreFixture.newIns(),
                    person(LocalDate.of(2020, 3, 3), "Camille", "Martin", null, null)));
            assertThat(e).isInstanceOf(RecordException.Invalid.class);
            assertThat(((RecordException.Invalid) e).field()).isEqualTo("birthDate");
            // A day ahead passes (born today where the date has already changed).
            assertThat(await(past.records().register("admin", StoreFixture.newIns(),
                    person(LocalDate.of(2020, 3, 2), "Camille", "Martin", null, null))).created()).isTrue();
        } finally {
            past.close();
        }
    }
}
