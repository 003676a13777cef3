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

    @Test
    void placeholdersAreFilledWithoutMessageFormatQuirks() {
        Messages fr = Messages.load().get("fr");
        assertThat(fr.format("dashboard.deadline", "3 mars", 12)).isEqualTo("Date de création prévue : 3 mars (dans 12 jours).");
        assertThat(fr.get("unknown.key")).isEqualTo("??unknown.key??");
    }
}
