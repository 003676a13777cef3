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
import fr.sante.dmp.store.testing.EmbeddedPostgresExtension;
import fr.sante.dmp.store.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
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
}
