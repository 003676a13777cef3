package fr.sante.dmp.pwa;

import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.pwa.web.Messages;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessagesTest {

    @Test
    void frenchAndEnglishBundlesHaveExactlyTheSameKeys() {
        Map<String, Messages> all = Messages.load();
        assertThat(all.get("en").keys()).containsExactlyInAnyOrderElementsOf(all.get("fr").keys());
    }

    @Test
    void everyAuditActionHasAPlainWordingInBothLanguages() {
        for (Messages m : Messages.load().values()) {
            for (fr.sante.dmp.store.audit.AuditAction a : fr.sante.dmp.store.audit.AuditAction.values()) {
                assertThat(m.has("action." + a.name())).as(m.lang() + " action." + a.name()).isTrue();
            }
        }
    }

    /**
     * One rule for gender in French (issue 18): wording that needs no agreement where it reads as well, otherwise the
     * generic masculine; never "(e)" or a middle dot, here or in the consent policy's reasons the patient reads.
     */
    @Test
    void frenchTextsUseOneGenderConventionAndTheConsentPolicyToo() throws Exception {
        Messages fr = Messages.load().get("fr");
        for (String key : fr.keys()) {
            assertThat(fr.get(key)).as(key).doesNotContain("(e)", "·e", "(es)");
        }
        try (var in = fr.sante.dmp.consent.ConsentEngine.class.getClassLoader()
                .getResourceAsStream("policy/consent-policy.yaml")) {
            String policy = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(policy).doesNotContain("(e)", "·e", "(es)");
        }
    }

    @Test
    void dateAndTimeReadAsASentenceInBothLanguages() {
        java.time.Instant at = java.time.Instant.parse("2026-12-07T01:36:00Z");
        var fr = new fr.sante.dmp.pwa.web.Page(Messages.load().get("fr"), "", false, null, "", "/", 900);
        var en = new fr.sante.dmp.pwa.web.Page(Messages.load().get("en"), "", false, null, "", "/", 900);
        assertThat(fr.dateTime(at)).isEqualTo("7 décembre 2026 à 02:36");
        assertThat(en.dateTime(at)).isEqualTo("December 7, 2026 at 2:36 AM");
    }

    @Test
    void theInvitationCodeHintNamesEveryWayTheInvitationComes() {
        assertThat(Messages.load().get("fr").get("field.invitationCode.hint")).contains("courrier", "courriel", "SMS");
        assertThat(Messages.load().get("en").get("field.invitationCode.hint")).contains("letter", "e-mail", "text message");
    }

    @Test
    void placeholdersAreFilledWithoutMessageFormatQuirks() {
        Messages fr = Messages.load().get("fr");
        assertThat(fr.format("dashboard.deadline", "3 mars", 12)).isEqualTo("Date de création prévue : 3 mars (dans 12 jours).");
        assertThat(fr.get("unknown.key")).isEqualTo("??unknown.key??");
    }
}
