package fr.sante.dmp.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import fr.sante.dmp.consent.DocumentClass;
import fr.sante.dmp.consent.RecordState;
import fr.sante.dmp.store.record.FieldLimits;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The contract states the store's limits (FieldLimits, their one source): each limit the contract's
 * {@code PersonRegistration} and {@code NewDocument} schemas carry equals the code's, and none is left unchecked.
 */
class ContractLimitsTest {
    /** The keywords that limit a value; each one found in the two schemas must be checked below. */
    private static final Set<String> LIMITS = Set.of("minLength", "maxLength", "pattern", "enum", "minimum", "maximum",
            "minItems", "maxItems", "format", "const");

    private static JsonObject contract;
    private static final Set<String> checked = new HashSet<>();

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void read() throws Exception {
        try (InputStream yaml = ContractLimitsTest.class.getClassLoader().getResourceAsStream(ProfessionalApi.CONTRACT)) {
            contract = new JsonObject(new ObjectMapper(new YAMLFactory()).readValue(yaml, Map.class));
        }
    }

    @Test
    void aRegistrationsLimitsAreTheStores() {
        assertThat(limit("PersonRegistration", "givenName", "minLength")).isEqualTo(1);
        assertThat(limit("PersonRegistration", "givenName", "maxLength")).isEqualTo(FieldLimits.NAME_MAX);
        assertThat(limit("PersonRegistration", "familyName", "minLength")).isEqualTo(1);
        assertThat(limit("PersonRegistration", "familyName", "maxLength")).isEqualTo(FieldLimits.NAME_MAX);
        assertThat(limit("PersonRegistration", "sex", "enum")).isEqualTo(FieldLimits.SEXES);
        assertThat(limit("PersonRegistration", "state", "enum"))
                .isEqualTo(FieldLimits.INITIAL_STATES.stream().map(RecordState::name).toList());
        assertThat(limit("PersonRegistration", "phone", "pattern")).isEqualTo(FieldLimits.PHONE_PATTERN);
        assertThat(limit("PersonRegistration", "email", "maxLength")).isEqualTo(FieldLimits.EMAIL_MAX);
        // A date is parsed by the handler; how old or new it may be is the store's rule (its clock).
        assertThat(limit("PersonRegistration", "birthDate", "format")).isEqualTo("date");
        assertThat(unchecked("PersonRegistration")).isEmpty();
    }

    @Test
    void aDocumentsLimitsAreTheStores() {
        assertThat(limit("NewDocument", "title", "minLength")).isEqualTo(1);
        assertThat(limit("NewDocument", "title", "maxLength")).isEqualTo(FieldLimits.TITLE_MAX);
        assertThat(limit("NewDocument", "contentType", "pattern")).isEqualTo(FieldLimits.CONTENT_TYPE_PATTERN);
        assertThat(limit("NewDocument", "contentType", "minLength")).isEqualTo(FieldLimits.CONTENT_TYPE_MIN);
        assertThat(limit("NewDocument", "contentType", "maxLength")).isEqualTo(FieldLimits.CONTENT_TYPE_MAX);
        assertThat(limit("NewDocument", "content", "minLength")).isEqualTo(1);
        // The class code must name a DocumentClass: the contract's bounds admit every one of their LOINC codes.
        int shortest = (Integer) limit("NewDocument", "classCode", "minLength");
        int longest = (Integer) limit("NewDocument", "classCode", "maxLength");
        assertThat(Arrays.stream(DocumentClass.values()).map(DocumentClass::loinc))
                .allSatisfy(code -> assertThat(code.length()).isBetween(shortest, longest));
        assertThat(unchecked("NewDocument")).isEmpty();
    }

    /**
     * The deposit's stated body limit is the one the gateway applies, and a body within it never carries more content
     * than the store takes: the body limit (413) is the one a client meets.
     */
    @Test
    void theDepositsSizeLimitIsTheGatewaysAndWithinTheStores() {
        String summary = contract.getJsonObject("paths").getJsonObject("/api/v1/patients/{ins}/documents")
                .getJsonObject("post").getString("summary");
        Matcher mib = Pattern.compile("body up to (\\d+) MiB").matcher(summary);
        assertThat(mib.find()).as(summary).isTrue();
        assertThat(Long.parseLong(mib.group(1)) * 1024 * 1024).isEqualTo(ProfessionalApi.BODY_LIMIT);
        long base64OfLargestContent = 4L * ((FieldLimits.CONTENT_MAX_BYTES + 2) / 3);
        assertThat(ProfessionalApi.BODY_LIMIT).isLessThanOrEqualTo(base64OfLargestContent);
    }

    private static Object limit(String schema, String property, String keyword) {
        JsonObject p = properties(schema).getJsonObject(property);
        assertThat(p).as(schema + "." + property).isNotNull();
        assertThat(p.containsKey(keyword)).as(schema + "." + property + " has " + keyword).isTrue();
        checked.add(schema + "." + property + "." + keyword);
        Object value = p.getValue(keyword);
        return value instanceof io.vertx.core.json.JsonArray a ? a.getList() : value;
    }

    /** The limits of the schema's properties that no assertion looked at. */
    private static List<String> unchecked(String schema) {
        JsonObject properties = properties(schema);
        return properties.fieldNames().stream()
                .flatMap(name -> properties.getJsonObject(name).fieldNames().stream().filter(LIMITS::contains)
                        .map(keyword -> schema + "." + name + "." + keyword))
                .filter(key -> !checked.contains(key)).sorted().toList();
    }

    private static JsonObject properties(String schema) {
        return contract.getJsonObject("components").getJsonObject("schemas").getJsonObject(schema)
                .getJsonObject("properties");
    }
}
