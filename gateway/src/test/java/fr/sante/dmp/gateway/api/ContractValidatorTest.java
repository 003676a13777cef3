package fr.sante.dmp.gateway.api;

import static fr.sante.dmp.store.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.VertxExtension;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.RequestValidator;
import io.vertx.openapi.validation.ValidatableRequest;
import io.vertx.openapi.validation.ValidatedRequest;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link ContractValidator} answers exactly as vertx-openapi's validator alone: the same values passed on, the same
 * error for everything else (which the library still words); and the hot requests are answered by its pre-check, on
 * the calling thread, without the library's worker hop.
 */
@ExtendWith(VertxExtension.class)
class ContractValidatorTest {
    private static final String INS = "185057512345673";
    private static final String CONTENT = "JVBERi0xLjQK".repeat(170);

    private static Vertx vertx;
    private static OpenAPIContract contract;
    private static RequestValidator library;
    private static ContractValidator validator;

    @BeforeAll
    static void load(Vertx vertx) throws Exception {
        ContractValidatorTest.vertx = vertx;
        contract = await(Contract.load(vertx, ProfessionalApi.CONTRACT)).model();
        library = RequestValidator.create(vertx, contract);
        validator = new ContractValidator(vertx, contract);
    }

    @Test
    void theListAndASmallDepositAreAnsweredWithoutLeavingTheCallingThread() {
        // The library alone answers later, from a worker: only the pre-check answers before validate returns.
        assertThat(validator.validate(list(INS, Map.of()), contract.operation("listDocuments")).succeeded()).isTrue();
        assertThat(validator.validate(deposit(body("\"11502-2\"", "\"Compte rendu\"", "\"application/pdf\"",
                "\"" + CONTENT + "\"", ""), "application/json"), contract.operation("depositDocument")).succeeded())
                .isTrue();
    }

    @Test
    void depositBodiesGetTheSameVerdictAsFromTheLibrary() throws Exception {
        List<String> bodies = List.of(
                body("\"11502-2\"", "\"Compte rendu\"", "\"application/pdf\"", "\"" + CONTENT + "\"", ""),
                body("\"11502-2\"", "\"Compte rendu\"", "\"application/pdf\"", "\"" + CONTENT + "\"",
                        ",\"withheldFromPatient\":true"),
                body("\"11502-2\"", "\"Compte rendu\"", "\"application/pdf\"", "\"" + CONTENT + "\"",
                        ",\"withheldFromPatient\":\"yes\""),
                body("\"11502-2\"", "\"Compte rendu\"", "\"application/pdf\"", "\"" + CONTENT + "\"", ",\"extra\":1"),
                body("\"11502-2\"", "\"\"", "\"application/pdf\"", "\"x\"", ""),
                body("\"11502-2\"", "\"" + "t".repeat(501) + "\"", "\"application/pdf\"", "\"x\"", ""),
                body("\"11502-2\"", "\"" + "t".repeat(500) + "\"", "\"application/pdf\"", "\"x\"", ""),
                body("\"11502-2\"", "\"" + "\\ud83d\\ude00".repeat(300) + "\"", "\"application/pdf\"", "\"x\"", ""),
                body("\"11502-2-too-long-code\"", "\"t\"", "\"application/pdf\"", "\"x\"", ""),
                body("\"11502-2\"", "\"t\"", "\"pdf\"", "\"x\"", ""),
                body("\"11502-2\"", "\"t\"", "\"application/pdf\\n\"", "\"x\"", ""),
                body("\"11502-2\"", "\"t\"", "\"text/plain; charset=utf-8\"", "\"x\"", ""),
                body("11502", "\"t\"", "\"application/pdf\"", "\"x\"", ""),
                body("\"11502-2\"", "null", "\"application/pdf\"", "\"x\"", ""),
                body("\"11502-2\"", "\"t\"", "\"application/pdf\"", "\"\"", ""),
                "{\"classCode\":\"11502-2\",\"title\":\"t\",\"contentType\":\"application/pdf\"}",
                "[1, 2]",
                "{\"classCode\":",
                "");
        Operation op = contract.operation("depositDocument");
        for (String body : bodies) {
            for (String contentType : List.of("application/json", "application/json; charset=utf-8", "text/plain")) {
                assertSameVerdict(deposit(body, contentType), op);
            }
        }
    }

    @Test
    void insParametersGetTheSameVerdictAsFromTheLibrary() throws Exception {
        Operation op = contract.operation("listDocuments");
        for (String ins : new String[] {INS, "2A0575123456789", "1850575123456", "18505751234567x", "",
                "185057512345673 ", "１85057512345673"}) {
            assertSameVerdict(list(ins, Map.of()), op);
        }
    }

    @Test
    void pagingParametersGetTheSameVerdictAsFromTheLibrary() throws Exception {
        Operation op = contract.operation("listDocuments");
        for (String limit : new String[] {"1", "100", "0", "101", "-1", "ten", "1.5", "", "1e2"}) {
            assertSameVerdict(list(INS, Map.of("limit", () -> limit)), op);
        }
        for (String after : new String[] {"abc_-1", "", "a b", "x".repeat(100), "x".repeat(101)}) {
            assertSameVerdict(list(INS, Map.of("after", () -> after)), op);
        }
    }

    @Test
    void otherOperationsGetTheSameVerdictAsFromTheLibrary() throws Exception {
        Operation read = contract.operation("readDocument");
        for (String id : new String[] {"3f2a4c1e-8b7d-4e6f-9a0b-1c2d3e4f5a6b", "not-a-uuid", ""}) {
            assertSameVerdict(Requests.of(Map.of("id", () -> id), Map.of(), null, null), read);
        }
        Operation reviews = contract.operation("listBreakGlassReviews");
        for (String status : new String[] {"pending", "all", "none"}) {
            assertSameVerdict(Requests.of(Map.of(), Map.of("status", () -> status), null, null), reviews);
        }
    }

    private static void assertSameVerdict(ValidatableRequest request, Operation op) throws Exception {
        Object expected = verdict(library.validate(request, op.getOperationId()));
        Object actual = verdict(validator.validate(request, op));
        assertThat(actual).as(request.getBody() == null || request.getBody().get() == null
                ? "parameters " + request.getPathParameters().values().stream().map(RequestParameter::get).toList()
                        + request.getQuery().values().stream().map(RequestParameter::get).toList()
                : "body " + request.getBody().get() + " as " + request.getContentType()).isEqualTo(expected);
    }

    /** What a validation gave: the values it passed on, or its error. */
    private static Object verdict(Future<ValidatedRequest> f) throws Exception {
        try {
            ValidatedRequest v = await(f);
            return List.of(values(v.getPathParameters()), values(v.getQuery()),
                    v.getBody() == null ? "-" : String.valueOf(v.getBody().get()));
        } catch (ExecutionException e) {
            return e.getCause().getClass().getName() + ": " + e.getCause().getMessage();
        }
    }

    private static Map<String, Object> values(Map<String, RequestParameter> parameters) {
        Map<String, Object> values = new TreeMap<>();
        parameters.forEach((name, value) -> values.put(name, value == null ? "-" : value.get()));
        return values;
    }

    private static ValidatableRequest list(String ins, Map<String, RequestParameter> query) {
        return Requests.of(Map.of("ins", () -> ins), query, null, null);
    }

    private static ValidatableRequest deposit(String body, String contentType) {
        return Requests.of(Map.of("ins", () -> INS), Map.of(), Buffer.buffer(body), contentType);
    }

    private static String body(String classCode, String title, String contentType, String content, String more) {
        return "{\"classCode\":" + classCode + ",\"title\":" + title + ",\"contentType\":" + contentType
                + ",\"content\":" + content + more + "}";
    }
}
