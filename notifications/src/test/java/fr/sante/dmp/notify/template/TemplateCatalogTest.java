package fr.sante.dmp.notify.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fr.sante.dmp.notify.outbox.Language;
import fr.sante.dmp.notify.sms.Gsm7;
import fr.sante.dmp.notify.sms.SmsEncoding;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateCatalogTest {
    private static final TemplateCatalog CATALOG = TemplateCatalog.load();
    private static final String LONGEST_URL = "https://monespacesante.fr/" + "o".repeat(40);

    /** Realistic worst-case values for every template parameter. */
    private static Map<String, String> worstCase(String templateId) {
        Map<String, String> p = new HashMap<>();
        switch (templateId) {
            case "invitation", "reminder" -> {
                p.put("deadline", "2027-09-30");
                p.put("oppositionUrl", LONGEST_URL);
                p.put("code", "ABCD-EFGH-IJKL");
            }
            case "otp", "care-code", "contact-code" -> p.put("code", "123456");
            case "login-locked", "contact-changed" -> p.put("when", "2027-12-31T23:59:00Z");
            case "opposition-receipt" -> p.put("code", "ABCD-EFGH-JKLM-NPQR");
            case "new-document", "access" -> {
                p.put("when", "2027-12-31T23:59:00Z");
                p.put("spaceUrl", LONGEST_URL);
            }
            case "majority" -> p.put("spaceUrl", LONGEST_URL);
            case "majority-representative" -> p.put("when", "2027-12-31");
            case "break-glass" -> {
                p.put("when", "2027-12-31T23:59:00Z");
                p.put("spaceUrl", LONGEST_URL);
            }
            default -> throw new IllegalStateException(templateId);
        }
        return p;
    }

    @Test
    void everySmsTemplateStaysInGsm7AndFitsInTwoParts() {
        assertThat(CATALOG.templateIds()).containsExactlyInAnyOrder("invitation", "reminder", "otp", "new-document",
                "break-glass", "access", "care-code", "login-locked", "opposition-receipt", "majority",
                "majority-representative", "contact-code", "contact-changed");
        for (String id : CATALOG.templateIds()) {
            for (Language l : Language.values()) {
                String sms = CATALOG.render(id, l, worstCase(id)).sms();
                assertThat(Gsm7.canEncode(sms)).as(id + "/" + l + " is GSM-7: " + sms).isTrue();
                assertThat(SmsEncoding.encode(sms, 0).parts()).as(id + "/" + l).hasSizeLessThanOrEqualTo(2);
            }
        }
    }

    @Test
    void invitationShowsDeadlineUrlAndCodeInBothLanguages() {
        Map<String, String> p = Map.of("deadline", "2027-03-15", "oppositionUrl", "https://monespacesante.fr/o",
                "code", "AB12-CD34");
        RenderedMessage fr = CATALOG.render("invitation", Language.fr, p);
        RenderedMessage en = CATALOG.render("invitation", Language.en, p);
        assertThat(fr.sms()).contains("15/03/2027", "https://monespacesante.fr/o", "AB12-CD34", "opposer");
        assertThat(en.sms()).contains("15 March 2027", "opt out");
        assertThat(fr.subject()).isEqualTo("Mon espace santé sera créé pour vous le 15/03/2027");
        assertThat(fr.html()).contains("<a href=\"https://monespacesante.fr/o\">").startsWith("<!DOCTYPE html>");
    }

    @Test
    void otpSaysTheCodeIsValidFiveMinutes() {
        RenderedMessage m = CATALOG.render("otp", Language.fr, Map.of("code", "042042"));
        assertThat(m.sms()).contains("042042", "5 minutes");
    }

    @Test
    void breakGlassShowsParisTime() {
        RenderedMessage m = CATALOG.render("break-glass", Language.fr,
                Map.of("when", "2027-01-10T13:05:00Z", "spaceUrl", "https://monespacesante.fr/"));
        assertThat(m.sms()).contains("10/01/2027 à 14:05");
    }

    @Test
    void accessAlertShowsParisTimeInBothLanguagesAndNeverWhoNorTheirProfession() {
        Map<String, String> p = Map.of("when", "2027-01-10T13:05:00Z", "spaceUrl", "https://monespacesante.fr/");
        RenderedMessage fr = CATALOG.render("access", Language.fr, p);
        RenderedMessage en = CATALOG.render("access", Language.en, p);
        assertThat(fr.sms()).contains("professionnel de santé", "10/01/2027 à 14:05", "https://monespacesante.fr/");
        assertThat(en.sms()).contains("health professional", "10 January 2027 at 14:05");
        assertThat(CATALOG.render("new-document", Language.fr, p).sms()).contains("nouveau document");
        // A profession can say something of the patient's health on a lock screen: not a parameter at all.
        assertThatThrownBy(() -> CATALOG.validate("access", Map.of("spaceUrl", "https://x.fr/",
                "profession", "10", "when", "2027-01-10T13:05:00Z"))).hasMessageContaining("params.profession");
    }

    @Test
    void freeTextCannotReachATemplate() {
        assertThatThrownBy(() -> CATALOG.validate("otp", Map.of("code", "diabète")))
                .hasMessageContaining("params.code").hasMessageNotContaining("diabète");
        assertThatThrownBy(() -> CATALOG.validate("new-document", Map.of("spaceUrl", "https://x.fr/",
                "when", "2027-01-10T13:05:00Z", "title", "Compte rendu d'IRM")))
                .hasMessageContaining("params.title");
        assertThatThrownBy(() -> CATALOG.validate("new-document", Map.of("spaceUrl", "http://x.fr/",
                "when", "2027-01-10T13:05:00Z"))).hasMessageContaining("params.spaceUrl");
        assertThatThrownBy(() -> CATALOG.validate("unknown", Map.of())).hasMessageContaining("templateId");
    }

    @Test
    void htmlPartEscapesMarkup() {
        assertThat(TemplateCatalog.escape("<script>&\"'")).isEqualTo("&lt;script&gt;&amp;&quot;&#39;");
    }

    @Test
    void linksArePlainHttpOnlyOnLocalhostTheEmbeddedPlatformsOwnAddress() {
        org.assertj.core.api.Assertions.assertThat(PublicLinks.acceptable("https://monespacesante.fr/opposition")).isTrue();
        org.assertj.core.api.Assertions.assertThat(PublicLinks.acceptable("http://localhost:8080/opposition")).isTrue();
        org.assertj.core.api.Assertions.assertThat(PublicLinks.acceptable("http://127.0.0.1:8080/opposition")).isTrue();
        org.assertj.core.api.Assertions.assertThat(PublicLinks.acceptable("http://monespacesante.fr/opposition")).isFalse();
        org.assertj.core.api.Assertions.assertThat(PublicLinks.acceptable("http://localhost.evil.fr/opposition")).isFalse();
        org.assertj.core.api.Assertions.assertThat(PublicLinks.acceptable("http://localhost:8080/a b")).isFalse();
    }
}
