package fr.sante.dmp.pwa.web;

import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.consent.Decision;
import fr.sante.dmp.consent.RuleId;
import fr.sante.dmp.problem.ProblemType;
import fr.sante.dmp.store.RecordException;
import io.vertx.ext.web.handler.HttpException;
import org.junit.jupiter.api.Test;

/** The patient space says the platform's problems: their types, and for pages the words of each. */
class FailuresTest {

    @Test
    void aRouteRefusedToThisSessionIsARefusalNotAMalformedRequest() {
        // A representative acting for someone posting to the passkeys' forms (SessionAuth.OWN_SPACE_ONLY).
        ProblemType refused = Failures.problem(new HttpException(403, "passkeys are one's own"), 0).type();
        assertThat(refused.status()).isEqualTo(403);
        assertThat(Failures.messages(refused).titleKey()).isEqualTo("error.denied.title");
        assertThat(Failures.problem(new HttpException(404), 0).type()).isEqualTo(ProblemType.NOT_FOUND);
        assertThat(Failures.problem(new HttpException(400), 0).type()).isEqualTo(ProblemType.MALFORMED_BODY);
    }

    @Test
    void theStoresErrorsAreTheProfessionalApisProblems() {
        Decision d = new Decision(false, RuleId.BLOCKED_PROFESSIONAL, "Vous êtes bloqué", "You are blocked");
        assertThat(Failures.problem(new RecordException.AccessDenied(d), 0).type()).isEqualTo(ProblemType.CONSENT_DENIED);
        assertThat(Failures.problem(new RecordException.Invalid("title", "too long"), 0).type())
                .isEqualTo(ProblemType.INVALID_FIELD);
        assertThat(Failures.problem(new RecordException.Unavailable("db down", null), 0).type())
                .isEqualTo(ProblemType.UNAVAILABLE);
        assertThat(Failures.problem(new HttpException(413), 0).type()).isEqualTo(ProblemType.PAYLOAD_TOO_LARGE);
        // The patient API answers a body's content type as HTTP says.
        assertThat(Failures.problem(new HttpException(415), 0).type().status()).isEqualTo(415);
    }

    @Test
    void everyProblemTypeHasItsPageWordsInFrenchAndEnglish() {
        for (fr.sante.dmp.pwa.web.Messages bundle : fr.sante.dmp.pwa.web.Messages.load().values()) {
            for (ProblemType type : ProblemType.values()) {
                Failures.PageWords m = Failures.messages(type);
                assertThat(bundle.has(m.titleKey()) && bundle.has(m.textKey())).as(bundle.lang() + " " + type).isTrue();
            }
        }
        assertThat(Failures.messages(ProblemType.CONSENT_DENIED).textKey()).isEqualTo("error.denied.text");
        assertThat(Failures.messages(ProblemType.UNAVAILABLE).textKey()).isEqualTo("error.unavailable.text");
        assertThat(Failures.messages(ProblemType.INTERNAL).textKey()).isEqualTo("error.internal.text");
    }
}
