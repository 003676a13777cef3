package fr.sante.dmp.pwa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fr.sante.dmp.consent.Actor;
import fr.sante.dmp.consent.DocumentClass;
import fr.sante.dmp.consent.RecordState;
import fr.sante.dmp.pwa.support.Browserless;
import fr.sante.dmp.pwa.support.TestApp;
import fr.sante.dmp.pwa.web.Paths;
import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.record.StoreFixture;
import fr.sante.dmp.store.testing.EmbeddedPostgresExtension;
import fr.sante.dmp.store.testing.TestDatabase;
import io.vertx.core.MultiMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The dashboard's emergency banner comes from the break-glass grants and the refused attempts themselves: a refused
 * attempt is never shown as an access, and a real access stays shown however many of the patient's own views follow
 * it in the history.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class EmergencyBannerIT {

    static TestApp app;

    @BeforeAll
    static void start(TestDatabase db) throws Exception {
        app = new TestApp(db, TestApp.config());
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
    }

    static String dashboard(TestApp.Person p) {
        Browserless b = new Browserless(app);
        b.get(Paths.LOGIN);
        b.post(Paths.LOGIN, MultiMap.caseInsensitiveMultiMap().add("ins", p.ins().value())
                .add("birthDate", p.birthDate().toString()));
        b.post(Paths.LOGIN_CODE, MultiMap.caseInsensitiveMultiMap().add("ins", p.ins().value())
                .add("birthDate", p.birthDate().toString()).add("code", app.codes.lastCode()));
        var r = b.get(Paths.DASHBOARD);
        assertThat(r.statusCode()).isEqualTo(200);
        return r.bodyAsString();
    }

    @Test
    void aRefusedAttemptIsShownAsRefusedNotAsAnAccess() {
        TestApp.Person p = app.register("Rose", RecordState.ACTIVE);
        TestApp.await(app.patients().choices().setEmergencyAccessOpposed(p.ins(), true));
        Actor.Professional doctor = StoreFixture.physician();
        assertThatThrownBy(() -> app.breakGlass(doctor, p, "malaise grave à domicile"))
                .isInstanceOf(RecordException.AccessDenied.class);

        String page = dashboard(p);
        assertThat(page).contains("Accès en urgence refusés", doctor.rpps().value(), "ils n'ont rien vu")
                .doesNotContain("Accès en urgence à votre dossier");
    }

    @Test
    void aRealAccessStaysShownBehindManyOfThePatientsOwnViews() {
        TestApp.Person p = app.register("Hugo", RecordState.ACTIVE);
        Actor.Professional author = StoreFixture.physician();
        app.deposit(author, p, DocumentClass.CONSULTATION_NOTE, "Consultation", "texte");
        Actor.Professional urgentist = StoreFixture.physician();
        app.breakGlass(urgentist, p, "détresse respiratoire");
        for (int i = 0; i < 60; i++) {
            TestApp.await(app.records().listDocuments(new Actor.Patient(p.ins()), p.ins()));
        }
        assertThat(TestApp.await(app.patients().history().accessHistory(p.ins(), 0, 50)).entries())
                .as("the history's first page holds only the patient's own views")
                .noneMatch(e -> e.breakGlass());

        String page = dashboard(p);
        assertThat(page).contains("Accès en urgence à votre dossier", urgentist.rpps().value())
                .doesNotContain("Accès en urgence refusés");
    }

    @Test
    void noEmergencyNoBanner() {
        TestApp.Person p = app.register("Léa", RecordState.ACTIVE);
        assertThat(dashboard(p)).doesNotContain("Accès en urgence à votre dossier", "Accès en urgence refusés");
    }
}
