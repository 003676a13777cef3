package fr.sante.dmp.pwa;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import fr.sante.dmp.pwa.support.TestApp;
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
                    null, null, null, TestApp.config());
            Set<String> routed = new TreeSet<>();
            space.router().getRoutes().forEach(route -> {
                String path = route.getPath();
                if (path != null && path.startsWith("/api/v1/me") && route.methods() != null) {
                    route.methods().forEach(m -> routed.add(m.name() + " " + path.replaceAll(":(\\w+)", "{$1}")));
                }
            });

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
        } finally {
            vertx.close();
        }
    }
}
