package fr.sante.dmp.pwa;

import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.consent.RecordState;
import fr.sante.dmp.pwa.support.Chromium;
import fr.sante.dmp.pwa.support.TestApp;
import fr.sante.dmp.pwa.web.Ids;
import fr.sante.dmp.pwa.web.Paths;
import fr.sante.dmp.store.audit.AuditAction;
import fr.sante.dmp.store.patient.history.AccessHistoryPage;
import fr.sante.dmp.store.testing.EmbeddedPostgresExtension;
import fr.sante.dmp.store.testing.TestDatabase;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.openqa.selenium.virtualauthenticator.Credential;
import org.openqa.selenium.virtualauthenticator.HasVirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions;

/**
 * The patient's own profile in real headless Chromium: passkeys, then the medical profile.
 *
 * <p>Passkeys in real headless Chromium with its virtual authenticator (CTAP2, resident keys, user verification): after a
 * login by one-time code the patient adds a passkey from the profile page, logs out, and signs in with it without any
 * code; once removed it is refused, and so is a credential this site never registered. The app is served on
 * {@code http://localhost}: a secure context for Chromium, and a valid relying party id (an IP address is not).
 *
 * <p>Medical profile: a wrong phone number is explained next to its field and nothing is saved; the saved profile is
 * what a pharmacist reads through RecordService (what the professional API uses).
 */
@ExtendWith(EmbeddedPostgresExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProfileBrowserIT {

    static TestApp app;
    static Chromium chromium;
    static VirtualAuthenticator authenticator;
    static TestApp.Person patient;

    @BeforeAll
    static void start(TestDatabase db) throws Exception {
        app = new TestApp(db, TestApp.config());
        patient = app.register("Camille", RecordState.ACTIVE);
        chromium = new Chromium("http://localhost:" + app.port());
        authenticator = ((HasVirtualAuthenticator) chromium.driver).addVirtualAuthenticator(platformAuthenticator());
    }

    @AfterAll
    static void stop() throws Exception {
        if (chromium != null) {
            chromium.close();
        }
        if (app != null) {
            app.close();
        }
    }

    @Test
    @Order(1)
    void afterALoginByCodeThePatientRegistersAPasskeyFromTheProfile() {
        loginWithCode(0);
        chromium.open(Paths.PROFILE);
        assertThat(chromium.text()).contains("Clés d'accès", "Vous n'avez pas encore de clé d'accès.");

        chromium.find("#passkey-add-button").click();

        waitForUrl("saved=passkey");
        assertThat(chromium.text()).contains("Votre clé d'accès est ajoutée", "Ajoutée le");
        assertThat(authenticator.getCredentials()).hasSize(1);
        assertThat(TestApp.await(app.store.passkeys().list(patient.ins()))).hasSize(1);
        assertThat(actions()).contains(AuditAction.REGISTER_PASSKEY);
        chromium.assertAccessible("profile with a passkey");
        chromium.screenshot("16-cles-acces");
    }

    @Test
    @Order(2)
    void afterLogoutThePasskeyAloneSignsInWithoutAnyCode() {
        logout();
        int messages = app.messageCount(patient.phone());
        chromium.open(Paths.LOGIN);
        chromium.waitFor("#passkey-login:not([hidden])");
        chromium.assertAccessible("login with passkey offered");
        chromium.screenshot("17-connexion-cle-acces");

        chromium.find("#passkey-login-button").click();

        chromium.waitFor("nav.main-nav");
        assertThat(chromium.driver.getCurrentUrl()).endsWith(Paths.DASHBOARD);
        assertThat(chromium.text()).contains("Bonjour Camille");
        assertThat(app.messageCount(patient.phone())).as("no code was sent").isEqualTo(messages);
        assertThat(actions()).contains(AuditAction.PASSKEY_LOGIN);
        assertThat(TestApp.await(app.store.passkeys().list(patient.ins())).get(0).lastUsedAt()).isPresent();
    }

    @Test
    @Order(3)
    void aRemovedPasskeyIsRefused() {
        chromium.open(Paths.PROFILE);
        chromium.find("#passkeys form button[type=submit]").click();
        waitForUrl("saved=passkeyRemoved");
        assertThat(TestApp.await(app.store.passkeys().list(patient.ins()))).isEmpty();
        assertThat(actions()).contains(AuditAction.REMOVE_PASSKEY);
        logout();

        chromium.open(Paths.LOGIN);
        chromium.waitFor("#passkey-login:not([hidden])").findElement(org.openqa.selenium.By.id("passkey-login-button"))
                .click();

        assertRefused();
    }

    @Test
    @Order(4)
    void aCredentialThisSiteNeverRegisteredIsRefused() throws Exception {
        ((HasVirtualAuthenticator) chromium.driver).removeVirtualAuthenticator(authenticator);
        authenticator = ((HasVirtualAuthenticator) chromium.driver).addVirtualAuthenticator(platformAuthenticator());
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        byte[] id = new byte[32];
        byte[] handle = new byte[32];
        new SecureRandom().nextBytes(id);
        new SecureRandom().nextBytes(handle);
        authenticator.addCredential(Credential.createResidentCredential(id, "localhost",
                new PKCS8EncodedKeySpec(ec.generateKeyPair().getPrivate().getEncoded()), handle, 0));

        chromium.open(Paths.LOGIN);
        chromium.waitFor("#passkey-login:not([hidden])");
        chromium.find("#passkey-login-button").click();

        assertRefused();
    }

    @Test
    @Order(5)
    void medicalProfileIsValidatedSavedAndReadByAPharmacist() {
        loginWithCode(1);
        // On a phone the menu is folded behind its button first.
        chromium.find("nav .menu-toggle").click();
        chromium.find("nav a[href='" + Paths.PROFILE_MEDICAL + "']").click();
        chromium.waitFor("#f-bloodGroup");
        chromium.assertAccessible("medical profile");
        new org.openqa.selenium.support.ui.Select(chromium.find("#f-bloodGroup")).selectByValue("O-");
        chromium.type("#f-allergies", "Pénicilline (urticaire)");
        chromium.type("#f-contactName1", "Jean Martin");
        chromium.type("#f-contactPhone1", "06 12 34 56 78");
        chromium.find("main form button[type=submit]").click();

        chromium.waitFor("#f-contactPhone1[aria-invalid=true]");
        assertThat(chromium.text()).contains("Indiquez un numéro au format international");
        assertThat(chromium.find("#f-contactPhone1").getAttribute("aria-describedby")).contains("f-contactPhone1-error");
        assertThat(TestApp.await(app.patients().choices().medicalProfile(patient.ins()))).isEmpty();
        chromium.assertAccessible("medical profile with an error");

        chromium.type("#f-contactPhone1", "+33612345678");
        chromium.find("main form button[type=submit]").click();
        waitForUrl("saved=saved");

        assertThat(chromium.text()).contains("Votre profil médical est enregistré.");
        assertThat(chromium.find("#f-allergies").getAttribute("value")).isEqualTo("Pénicilline (urticaire)");
        chromium.assertAccessible("medical profile saved");
        chromium.screenshot("18-profil-medical");
        fr.sante.dmp.consent.Actor.Professional pharmacist = fr.sante.dmp.store.record.StoreFixture.professional(
                fr.sante.dmp.consent.Profession.PHARMACIST);
        app.inCare(pharmacist, patient); // a professional reads only under a care relationship
        var docs = TestApp.await(app.records().listDocuments(pharmacist, patient.ins()));
        assertThat(docs).singleElement().satisfies(d -> assertThat(d.classCode()).isEqualTo("51855-5"));
        String json = new String(TestApp.await(app.records().readDocument(pharmacist, docs.get(0).id())).content(),
                java.nio.charset.StandardCharsets.UTF_8);
        assertThat(json).contains("O-", "Pénicilline (urticaire)", "Jean Martin", "+33612345678");
        assertThat(actions()).contains(AuditAction.SAVE_MEDICAL_PROFILE);
    }

    private void assertRefused() {
        new WebDriverWait(chromium.driver, Duration.ofSeconds(10)).until(d -> chromium.text()
                .contains("Connexion refusée : cette clé d'accès n'est pas reconnue."));
        assertThat(chromium.driver.getCurrentUrl()).endsWith(Paths.LOGIN);
        chromium.open(Paths.DASHBOARD);
        assertThat(chromium.driver.getCurrentUrl()).as("no session").endsWith(Paths.LOGIN);
    }

    private static VirtualAuthenticatorOptions platformAuthenticator() {
        return new VirtualAuthenticatorOptions().setProtocol(VirtualAuthenticatorOptions.Protocol.CTAP2)
                .setTransport(VirtualAuthenticatorOptions.Transport.INTERNAL).setHasResidentKey(true)
                .setHasUserVerification(true).setIsUserVerified(true).setIsUserConsenting(true);
    }

    private static void loginWithCode(int message) {
        chromium.open(Paths.LOGIN);
        chromium.type("#f-ins", patient.ins().value());
        chromium.setDate("#f-birthDate", patient.birthDate().toString());
        chromium.find("#" + Ids.LOGIN_FORM + " button[type=submit]").click();
        chromium.waitFor("#f-code");
        chromium.type("#f-code", app.code(patient.phone(), message));
        chromium.find("#" + Ids.LOGIN_FORM + " button[type=submit]").click();
        chromium.waitFor("nav.main-nav");
    }

    private static void logout() {
        chromium.find("form[action='" + Paths.LOGOUT + "'] button").click();
        chromium.waitFor("a[href='" + Paths.LOGIN + "'], form[action='" + Paths.LOGIN + "']");
    }

    private static void waitForUrl(String part) {
        new WebDriverWait(chromium.driver, Duration.ofSeconds(15)).until(d -> d.getCurrentUrl().contains(part));
        chromium.waitForLoad();
    }

    private static List<AuditAction> actions() {
        AccessHistoryPage page = TestApp.await(app.patients().history().accessHistory(patient.ins(), 0, 50));
        return page.entries().stream().filter(AccessHistoryPage.Entry::allowed).map(e -> AuditAction.valueOf(e.action()))
                .toList();
    }
}
