package fr.sante.dmp.pwa;

import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.consent.RecordLifecycle;
import fr.sante.dmp.consent.RecordState;
import fr.sante.dmp.pwa.support.Browserless;
import fr.sante.dmp.pwa.support.TestApp;
import fr.sante.dmp.pwa.web.Page;
import fr.sante.dmp.pwa.web.Paths;
import fr.sante.dmp.store.testing.EmbeddedPostgresExtension;
import fr.sante.dmp.store.testing.TestDatabase;
import io.vertx.core.MultiMap;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A requested deletion shows as such, with the day it will happen, on the profile and the dashboard; its cancel action
 * says that it reopens the record, and does so; a plain closing shows the end of its archive period instead.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class DeletionIT {

    static TestApp app;

    @BeforeAll
    static void start(TestDatabase db) throws Exception {
        app = new TestApp(db, TestApp.config());
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
    }

    static Browserless signedIn(TestApp.Person p) {
        Browserless b = new Browserless(app);
        b.get(Paths.LOGIN);
        b.post(Paths.LOGIN, MultiMap.caseInsensitiveMultiMap().add("ins", p.ins().value())
                .add("birthDate", p.birthDate().toString()));
        b.post(Paths.LOGIN_CODE, MultiMap.caseInsensitiveMultiMap().add("ins", p.ins().value())
                .add("birthDate", p.birthDate().toString()).add("code", app.codes.lastCode()));
        assertThat(b.get(Paths.PROFILE).statusCode()).isEqualTo(200);
        return b;
    }

    static String frenchDate(Instant at) {
        return DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(Locale.FRENCH).format(at.atZone(Page.ZONE));
    }

    @Test
    void aPendingDeletionShowsItsDateAndItsCancelActionSaysItReopens() {
        TestApp.Person p = app.register("Nina", RecordState.ACTIVE);
        Browserless b = signedIn(p);
        Instant before = Instant.now();
        assertThat(b.post(Paths.PROFILE_DELETION, MultiMap.caseInsensitiveMultiMap().add("confirmDeletion", "yes"))
                .statusCode()).isEqualTo(303);
        String due = frenchDate(before.plus(RecordLifecycle.DELETION_DELAY));

        String profile = b.get(Paths.PROFILE).bodyAsString();
        assertThat(profile).contains("Suppression demandée", "sera supprimé définitivement le " + due,
                "Annuler la suppression et rouvrir mon dossier", "la suppression prévue le " + due + " n'aura pas lieu")
                .doesNotContain("archivé pendant 10 ans", "Demander la suppression");
        assertThat(b.get(Paths.DASHBOARD).bodyAsString()).contains("Suppression demandée", due);

        var cancelled = b.post(Paths.PROFILE_REOPEN, MultiMap.caseInsensitiveMultiMap().add("cancelDeletion", "yes"));
        assertThat(cancelled.getHeader("Location")).endsWith("saved=deletionCancelled");
        assertThat(app.overview(p).state()).isEqualTo(RecordState.ACTIVE);
        assertThat(app.overview(p).deletionDue()).isEmpty();
        assertThat(b.get(cancelled.getHeader("Location")).bodyAsString())
                .contains("Votre demande de suppression est annulée et votre dossier est rouvert.");
    }

    @Test
    void aClosedRecordShowsTheEndOfItsArchivePeriod() {
        TestApp.Person p = app.register("Yann", RecordState.ACTIVE);
        Browserless b = signedIn(p);
        Instant before = Instant.now();
        b.post(Paths.PROFILE_CLOSE, MultiMap.caseInsensitiveMultiMap().add("confirmClose", "yes"));
        String profile = b.get(Paths.PROFILE).bodyAsString();
        assertThat(profile).contains("archivé jusqu'au " + frenchDate(before.plus(RecordLifecycle.ARCHIVE_PERIOD)),
                "Rouvrir mon dossier", "Demander la suppression").doesNotContain("Suppression demandée");
    }
}
