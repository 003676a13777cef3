package fr.sante.dmp.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatorException;
import io.vertx.openapi.validation.impl.RequestParameterImpl;
import io.vertx.openapi.validation.impl.RequestValidatorImpl;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The validator's shortcut for one-word string parameters must decide exactly as the library does: same value kept,
 * same refusals with the same exception type and message, for every parameter of every operation of the contract.
 */
class FastRequestValidatorTest {
    private static final List<String> VALUES = List.of("185057512345673", "285057512345673", "2A0575123456789",
            "123", "x", "abc_DEF_123", "", "18505751234567", "1850575123456731", "185057512345673 ",
            "18505 7512345673", "-1", "0", "20", "500", "501", "1.5", "true", "null", "\"quoted\"", "{\"a\":1}",
            "[1,2]", "a,b", "é", "CARE", "BREAK_GLASS", "11502-2", "2026-11-23", "9f0b6c1e-8f1e-4a55-b7d4-5e1c9b2f8a11",
            "10001234565", "%20");

    private static Vertx vertx;
    private static OpenAPIContract contract;

    @BeforeAll
    static void load() throws Exception {
        vertx = Vertx.vertx();
        contract = Contract.load(vertx, ProfessionalApi.CONTRACT).toCompletionStage().toCompletableFuture()
                .get(30, TimeUnit.SECONDS).model();
    }

    @AfterAll
    static void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void everyParameterOfTheContractIsDecidedAsTheLibraryDecidesIt() {
        RequestValidatorImpl library = new RequestValidatorImpl(vertx, contract);
        FastRequestValidator fast = new FastRequestValidator(vertx, contract);
        List<String> compared = new ArrayList<>();
        int accepted = 0;
        int refused = 0;
        for (Operation op : contract.operations()) {
            for (Parameter p : op.getParameters()) {
                List<RequestParameter> values = new ArrayList<>();
                values.add(null);
                values.add(new RequestParameterImpl(null));
                for (String v : VALUES) {
                    values.add(new RequestParameterImpl(v));
                }
                for (RequestParameter value : values) {
                    Outcome expected = outcome(() -> library.validateParameter(p, value));
                    Outcome actual = outcome(() -> fast.validateParameter(p, value));
                    String what = op.getOperationId() + " " + p.getIn() + " " + p.getName() + " = "
                            + (value == null ? "absent" : value.get());
                    assertThat(actual).as(what).isEqualTo(expected);
                    compared.add(what);
                    if (expected.failure() == null) {
                        accepted++;
                    } else {
                        refused++;
                    }
                }
            }
        }
        // The comparison covered the G2 parameter, and both outcomes occurred.
        assertThat(compared).anyMatch(c -> c.equals("listDocuments path ins = 185057512345673"));
        assertThat(accepted).isPositive();
        assertThat(refused).isPositive();
    }

    @Test
    void aValidInsIsAcceptedAndAMalformedOneRefusedWithTheLibrarysSchemaError() {
        FastRequestValidator fast = new FastRequestValidator(vertx, contract);
        Parameter ins = contract.operation("listDocuments").getParameters().stream()
                .filter(p -> p.getName().equals("ins")).findFirst().orElseThrow();
        assertThat(fast.validateParameter(ins, new RequestParameterImpl("185057512345673")).getString())
                .isEqualTo("185057512345673");
        Outcome refused = outcome(() -> fast.validateParameter(ins, new RequestParameterImpl("123")));
        assertThat(refused.failure()).isEqualTo(SchemaValidationException.class);
    }

    private record Outcome(Object value, Class<?> failure, String message) {
    }

    private static Outcome outcome(java.util.function.Supplier<RequestParameter> call) {
        try {
            RequestParameter r = call.get();
            return new Outcome(r.get(), null, null);
        } catch (ValidatorException e) {
            return new Outcome(null, e.getClass(), e.getMessage() + " / " + e.type());
        }
    }
}
