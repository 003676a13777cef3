package fr.sante.dmp.gateway.api;

import static fr.sante.dmp.store.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.RequestValidator;
import io.vertx.openapi.validation.ValidatableRequest;
import io.vertx.openapi.validation.ValidatedRequest;
import io.vertx.openapi.validation.impl.RequestParameterImpl;
import io.vertx.openapi.validation.impl.ValidatableRequestImpl;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The compiled checks of plain schemas (PlainSchema) answer exactly as the library's validator: same accepted values,
 * same error for everything else (which the library still words).
 */
class FastRequestValidatorTest {
    private static final String INS = "185057512345673";
    private static final String CONTENT = "JVBERi0xLjQK".repeat(170);

    private static Vertx vertx;
    private static OpenAPIContract contract;
    private static RequestValidator library;
    private static FastRequestValidator fast;

    @BeforeAll
    static void load() throws Exception {
        vertx = Vertx.vertx();
        contract = await(Contract.load(vertx, ProfessionalApi.CONTRACT)).model();
        library = RequestValidator.create(vertx, contract);
        fast = new FastRequestValidator(vertx, contract);
    }

    @AfterAll
    static void close() throws Exception {
        await(vertx.close());
    }

    @Test
    void theDepositBodyAndTheInsParameterAreCompiled() {
        Operation deposit = contract.operation("depositDocument");
        assertThat(fast.compiledBody(deposit)).isTrue();
        Parameter ins = deposit.getParameters().stream().filter(p -> p.getName().equals("ins")).findFirst()
                .orElseThrow();
        assertThat(fast.compiledParameter(ins)).isTrue();
        // A uuid format is not a plain schema: left to the library.
        Parameter id = contract.operation("readDocument").getParameters().get(0);
        assertThat(fast.compiledParameter(id)).isFalse();
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
                body("11502", "\"t\"", "\"application/pdf\"", "\"x\"", ""),
                body("\"11502-2\"", "null", "\"application/pdf\"", "\"x\"", ""),
                body("\"11502-2\"", "\"t\"", "\"application/pdf\"", "\"\"", ""),
                "{\"classCode\":\"11502-2\",\"title\":\"t\",\"contentType\":\"application/pdf\"}",
                "[1, 2]",
                "{\"classCode\":",
                "");
        Operation op = contract.operation("depositDocument");
        for (String body : bodies) {
            for (String contentType : List.of("application/json", "text/plain")) {
                ValidatableRequest request = new ValidatableRequestImpl(Map.of(), Map.of(), path(INS), Map.of(),
                        new RequestParameterImpl(Buffer.buffer(body)), contentType);
                assertSameVerdict(request, op, body.length());
            }
        }
    }

    @Test
    void insParametersGetTheSameVerdictAsFromTheLibrary() throws Exception {
        Operation op = contract.operation("listDocuments");
        for (String ins : new String[] {INS, "2A0575123456789", "1850575123456", "18505751234567x", "",
                "185057512345673 ", "１85057512345673"}) {
            ValidatableRequest request = new ValidatableRequestImpl(Map.of(), Map.of(), path(ins), Map.of());
            assertSameVerdict(request, op, 0);
        }
    }

    private static void assertSameVerdict(ValidatableRequest request, Operation op, int length) throws Exception {
        Object expected = verdict(library.validate(request, op.getOperationId()));
        Object actual = verdict(fast.validate(request, op, length));
        assertThat(actual).as(request.getBody() == null ? "path " + request.getPathParameters()
                : "body " + request.getBody().get() + " as " + request.getContentType()).isEqualTo(expected);
    }

    /** What a validation gave: the values it passed on, or its error message. */
    private static Object verdict(Future<ValidatedRequest> f) throws Exception {
        try {
            ValidatedRequest v = await(f);
            Map<String, Object> path = new java.util.TreeMap<>();
            v.getPathParameters().forEach((name, value) -> path.put(name, value.get()));
            return List.of(path, v.getBody() == null ? "-" : String.valueOf(v.getBody().get()));
        } catch (ExecutionException e) {
            return e.getCause().getClass().getName() + ": " + e.getCause().getMessage();
        }
    }

    private static Map<String, RequestParameter> path(String ins) {
        return Map.of("ins", new RequestParameterImpl(ins));
    }

    private static String body(String classCode, String title, String contentType, String content, String more) {
        return "{\"classCode\":" + classCode + ",\"title\":" + title + ",\"contentType\":" + contentType
                + ",\"content\":" + content + more + "}";
    }
}
