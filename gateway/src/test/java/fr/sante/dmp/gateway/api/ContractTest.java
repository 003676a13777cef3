package fr.sante.dmp.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import fr.sante.dmp.store.record.DocumentQuery;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The professional API's contract holds the professional API only; the patient API has its own (web-pwa). */
class ContractTest {

    @Test
    void theProfessionalContractHoldsNoPatientOperation() throws Exception {
        JsonObject professional = yaml("openapi.yaml");
        JsonObject patient = yaml("openapi-me.yaml"); // web-pwa's own contract, on the class path

        assertThat(operations(professional, "/api/v1/me")).isEmpty();
        assertThat(operations(professional, "/api/v1/patients"))
                .contains("get /api/v1/patients/{ins}/documents", "get /api/v1/patients/{ins}/directives");
        assertThat(operations(patient, "/api/v1/me")).contains("post /api/v1/me/login", "post /api/v1/me/login/verify");
        assertThat(operations(patient, "/api/v1/patients")).isEmpty();
    }

    @Test
    void validatingCopyIsRelativeToTheProfessionalMountAndRefusesAPatientPath() throws Exception {
        JsonObject validating = Contract.forValidation(yaml("openapi.yaml"));

        Set<String> paths = validating.getJsonObject("paths").fieldNames();
        assertThat(paths).contains("/patients/{ins}/documents", "/patients/{ins}/directives", "/documents/{id}")
                .noneMatch(p -> p.startsWith("/me") || p.startsWith("/api/"));
        JsonObject withPatientPath = yaml("openapi.yaml");
        withPatientPath.getJsonObject("paths").put("/api/v1/me/documents", new JsonObject());
        assertThatThrownBy(() -> Contract.forValidation(withPatientPath)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("/api/v1/me/documents");
    }

    @Test
    void theProfessionalContractNamesItsAllowedMethodsAndNoPatientPath() {
        fr.sante.dmp.problem.AllowedMethods allowed = fr.sante.dmp.problem.AllowedMethods.fromClasspath("openapi.yaml");
        assertThat(allowed.allow("/api/v1/admin/campaigns/x")).isEqualTo("GET");
        assertThat(allowed.allow("/api/v1/me/documents/x/mask")).isEmpty();
    }

    /** The list's page size: the contract's bounds are the store's (DocumentQuery), one rule in two spellings. */
    @Test
    void documentListPageBoundsAreTheStoresPageBounds() throws Exception {
        JsonObject limit = yaml("openapi.yaml").getJsonObject("paths").getJsonObject("/api/v1/patients/{ins}/documents")
                .getJsonObject("get").getJsonArray("parameters").stream()
                .filter(p -> p instanceof JsonObject o && "limit".equals(o.getString("name")))
                .map(JsonObject.class::cast).findFirst().orElseThrow().getJsonObject("schema");

        assertThat(limit.getInteger("minimum")).isEqualTo(1);
        assertThat(limit.getInteger("maximum")).isEqualTo(DocumentQuery.MAX_COUNT);
    }

    private static Set<String> operations(JsonObject contract, String prefix) {
        Set<String> ops = new TreeSet<>();
        contract.getJsonObject("paths").forEach(path -> {
            if (path.getKey().startsWith(prefix)) {
                ((JsonObject) path.getValue()).fieldNames().stream()
                        .filter(m -> Set.of("get", "put", "post", "delete", "patch").contains(m))
                        .forEach(m -> ops.add(m + " " + path.getKey()));
            }
        });
        return ops;
    }

    @SuppressWarnings("unchecked")
    private static JsonObject yaml(String resource) throws Exception {
        try (InputStream in = ContractTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return new JsonObject(new ObjectMapper(new YAMLFactory()).readValue(in, Map.class));
        }
    }
}
