package fr.sante.dmp.problem;

import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.consent.Decision;
import fr.sante.dmp.consent.InvalidIdentifierException;
import fr.sante.dmp.consent.RuleId;
import fr.sante.dmp.store.RecordException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.handler.HttpException;
import org.junit.jupiter.api.Test;

class ProblemMapperTest {

    @Test
    void aConsentDenialIsA403CarryingTheRuleAndBothReasons() {
        Decision d = new Decision(false, RuleId.BLOCKED_PROFESSIONAL, "Vous êtes bloqué", "You are blocked");
        JsonObject json = ProblemMapper.map(new RecordException.AccessDenied(d), 500).toJson("r1");
        assertThat(json.getInteger("status")).isEqualTo(403);
        assertThat(json.getString("type")).isEqualTo("https://dmp.sante.fr/problems/consent-denied");
        assertThat(json.getString("rule")).isEqualTo("blocked-professional");
        assertThat(json.getString("reasonFr")).isEqualTo("Vous êtes bloqué");
        assertThat(json.getString("reasonEn")).isEqualTo("You are blocked");
        assertThat(json.getString("requestId")).isEqualTo("r1");
    }

    @Test
    void anInvalidIdentifierIsA400NamingTheField() {
        Problem p = ProblemMapper.map(new InvalidIdentifierException("ins", "the key does not match"), 500);
        assertThat(p.type()).isEqualTo(ProblemType.INVALID_FIELD);
        assertThat(p.field()).contains("ins");
    }

    @Test
    void everyConflictCarriesItsDetailInFrenchAndEnglish() {
        Problem p = ProblemMapper.map(new RecordException.Conflict("the record is already open",
                "le dossier est déjà ouvert"), 500);
        io.vertx.core.json.JsonObject json = p.toJson("r1");
        assertThat(json.getInteger("status")).isEqualTo(409);
        assertThat(json.getString("detailFr")).isEqualTo("le dossier est déjà ouvert");
        assertThat(json.getString("detailEn")).isEqualTo("the record is already open");
        assertThat(json.getString("detail")).isEqualTo("the record is already open");
    }

    @Test
    void storeFailuresMapToTheirStatus() {
        assertThat(ProblemMapper.map(new RecordException.NotFound("patient"), 500).type().status()).isEqualTo(404);
        assertThat(ProblemMapper.map(new RecordException.Invalid("title", "too long"), 500).field()).contains("title");
        assertThat(ProblemMapper.map(new RecordException.Conflict("closed", "conflit : closed"), 500).type().status()).isEqualTo(409);
        Problem unavailable = ProblemMapper.map(new RecordException.Unavailable("db down", null), 500);
        assertThat(unavailable.type().status()).isEqualTo(503);
        assertThat(unavailable.retryAfterSeconds()).isPresent();
        assertThat(unavailable.detail()).doesNotContain("db down");
    }

    @Test
    void theBodyLimitIs413AndUnknownRoutes404() {
        assertThat(ProblemMapper.map(new HttpException(413), 413).type()).isEqualTo(ProblemType.PAYLOAD_TOO_LARGE);
        assertThat(ProblemMapper.map(null, 404).type()).isEqualTo(ProblemType.NOT_FOUND);
    }

    @Test
    void onlyTheUnforeseenIsA500AndItsMessageIsNotSent() {
        Problem p = ProblemMapper.map(new NullPointerException("secret internals"), 500);
        assertThat(p.type()).isEqualTo(ProblemType.INTERNAL);
        assertThat(p.toJson("r").encode()).doesNotContain("secret internals").doesNotContain("NullPointer");
    }

    /** The patient space's failures map here too: a dependency down and an over-long form were its own rules. */
    @Test
    void aDependencyDownIs503WithRetryAfterAndAnOverlongFormField413() {
        Problem busy = ProblemMapper.map(new io.vertx.core.http.ConnectionPoolTooBusyException("pool full"), 500);
        assertThat(busy.type()).isEqualTo(ProblemType.UNAVAILABLE);
        assertThat(busy.retryAfterSeconds()).contains(5L);
        assertThat(ProblemMapper.map(new java.net.ConnectException("refused"), 500).type())
                .isEqualTo(ProblemType.UNAVAILABLE);
        assertThat(ProblemMapper.map(new java.io.IOException("Size exceed allowed maximum capacity"), 500).type())
                .isEqualTo(ProblemType.PAYLOAD_TOO_LARGE);
        assertThat(ProblemMapper.map(new java.io.IOException("disk"), 500).type()).isEqualTo(ProblemType.INTERNAL);
    }

    /** One slug, one meaning: types that share a slug (a body's content type, 400 or 415) share their title. */
    @Test
    void aSlugNamesOneThing() {
        java.util.Map<String, java.util.Set<String>> titles = new java.util.HashMap<>();
        for (ProblemType type : ProblemType.values()) {
            titles.computeIfAbsent(type.slug(), s -> new java.util.HashSet<>()).add(type.title());
        }
        assertThat(titles).allSatisfy((slug, t) -> assertThat(t).as(slug).hasSize(1));
        assertThat(ProblemType.UNSUPPORTED_MEDIA_TYPE.uri()).isEqualTo(ProblemType.UNSUPPORTED_CONTENT_TYPE.uri());
    }
}
