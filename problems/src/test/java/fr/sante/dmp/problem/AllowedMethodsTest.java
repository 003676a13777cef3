package fr.sante.dmp.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AllowedMethodsTest {

    @Test
    void aTemplatedPathNamesItsDeclaredMethods() {
        AllowedMethods allowed = AllowedMethods.of(Map.of(
                "/api/v1/patients/{ins}/documents", Map.of("get", Map.of(), "post", Map.of(), "parameters", Map.of()),
                "/api/v1/documents/{id}", Map.of("get", Map.of())));

        assertThat(allowed.allow("/api/v1/patients/123/documents")).isEqualTo("GET, POST");
        assertThat(allowed.allow("/api/v1/documents/abc")).isEqualTo("GET");
        assertThat(allowed.allow("/api/v1/documents/abc/more")).isEmpty();
    }
}
