package fr.sante.dmp.pwa;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import fr.sante.dmp.pwa.support.TestApp;
import fr.sante.dmp.pwa.web.PatientApiContract;
import fr.sante.dmp.pwa.web.Paths;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class OpenApiContractTest {

    @Test
    void everyPatientApiRouteIsInTheContractAndEveryContractOperationIsRouted() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            // Nothing is called: the router is only inspected, so no store, Redis or sender is needed.
            PatientSpace space = new PatientSpace(vertx, RedisAPI.api(Redis.createClient(vertx, "redis://127.0.0.1:1")),
                    new fr.sante.dmp.pwa.bench.FakePatients(java.time.Clock.systemUTC()).services(), null, null,
                    TestApp.config());
            Set<String> routed = new TreeSet<>();
            // The patient API's own router: its paths are relative to /api/v1/me, where it is mounted.
            space.patientApi().getRoutes().forEach(route -> {
                // The mount point itself is a regex route named after it (Routes.api).
                String path = route.isRegexPath() && Paths.API.equals(route.getName()) ? "" : route.getPath();
                if (path != null && route.methods() != null) {
                    String absolute = Paths.API + path;
                    route.methods().forEach(m -> routed.add(m.name() + " " + absolute.replaceAll(":(\\w+)", "{$1}")));
                }
            });
            // Nothing of the patient API is left on the pages' router.
            assertThat(space.pages().getRoutes()).noneMatch(route -> route.getPath() != null
                    && route.getPath().startsWith(Paths.API));

            Set<String> documented = new TreeSet<>();
            try (InputStream in = getClass().getResourceAsStream("/openapi-me.yaml")) {
                JsonNode paths = new ObjectMapper(new YAMLFactory()).readTree(in).get("paths");
                Iterator<String> names = paths.fieldNames();
                while (names.hasNext()) {
                    String p = names.next();
                    paths.get(p).fieldNames().forEachRemaining(op -> {
                        if (!op.equals("parameters")) {
                            documented.add(op.toUpperCase(Locale.ROOT) + " " + p);
                        }
                    });
                }
            }
            assertThat(routed).isEqualTo(documented);
            // vertx-openapi accepts the contract it validates with (it refuses, for one, media types it cannot read).
            TestApp.await(new PatientApiContract(vertx).ready());
        } finally {
            vertx.close();
        }
    }

    /** The patient API's 405 names its own contract's methods. */
    @Test
    void theShippedContractNamesTheAllowedMethods() {
        assertThat(fr.sante.dmp.problem.AllowedMethods.fromClasspath(PatientApiContract.RESOURCE)
                .allow("/api/v1/me/documents/x/mask")).isEqualTo("DELETE, PUT");
    }
}
