package fr.sante.dmp.pwa.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.ext.web.handler.HttpException;
import org.junit.jupiter.api.Test;

/** How a route's refusals read to the person: a refusal is a 403, not a malformed request. */
class FailuresTest {

    @Test
    void aRouteRefusedToThisSessionIsAccessDeniedNotInvalid() {
        // A representative acting for someone posting to the passkeys' forms (SessionAuth.OWN_SPACE_ONLY).
        Failures.Mapping m = Failures.map(new HttpException(403, "passkeys are one's own"), 0);
        assertThat(m.status()).isEqualTo(403);
        assertThat(m.type()).isEqualTo("access-denied");
        assertThat(Failures.map(new HttpException(404), 0).status()).isEqualTo(404);
        assertThat(Failures.map(new HttpException(400), 0).type()).isEqualTo("invalid");
    }
}
