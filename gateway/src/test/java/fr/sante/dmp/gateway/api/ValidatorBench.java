package fr.sante.dmp.gateway.api;

import static fr.sante.dmp.store.testing.Await.await;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.RequestValidator;
import io.vertx.openapi.validation.ValidatableRequest;
import io.vertx.openapi.validation.ValidatedRequest;
import io.vertx.openapi.validation.impl.RequestParameterImpl;
import io.vertx.openapi.validation.impl.ValidatableRequestImpl;
import java.util.Map;

/**
 * Not a test: the contract validation of {@code GET /api/v1/patients/{ins}/documents} (the G2 request) and of a
 * 2 KiB deposit body (the G6 request) with the library's validator and with {@link FastRequestValidator}, one after
 * the other in the same JVM, so that a busy machine slows both alike. Prints µs per validation. Arguments: iterations per round (default 20,000), rounds (5).
 */
public final class ValidatorBench {
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Vertx vertx = Vertx.vertx();
        try {
            OpenAPIContract contract = await(Contract.load(vertx, ProfessionalApi.CONTRACT)).model();
            Operation op = contract.operation("listDocuments");
            RequestValidator library = RequestValidator.create(vertx, contract);
            FastRequestValidator fast = new FastRequestValidator(vertx, contract);
            Map<String, RequestParameter> path = Map.of("ins", new RequestParameterImpl("185057512345673"));
            ValidatableRequest request = new ValidatableRequestImpl(Map.of(), Map.of(), path, Map.of());
            // The G6 body of loadtest/bench/deposit.lua.
            io.vertx.core.json.JsonObject depositBody = new io.vertx.core.json.JsonObject().put("classCode", "11502-2")
                    .put("title", "Compte rendu de biologie").put("contentType", "application/pdf")
                    .put("content", "JVBERi0xLjQK".repeat(170));
            Operation depositOp = contract.operation("depositDocument");
            ValidatableRequest deposit = new ValidatableRequestImpl(Map.of(), Map.of(), path, Map.of(),
                    new RequestParameterImpl(depositBody.toBuffer()), "application/json");
            for (int r = 0; r < rounds; r++) {
                double a = perCall(n, () -> library.validate(request, "listDocuments"));
                double b = perCall(n, () -> fast.validate(request, op, 0));
                double c = perCall(n, () -> library.validate(deposit, "depositDocument"));
                double d = perCall(n, () -> fast.validate(deposit, depositOp, depositBody.encode().length()));
                System.out.printf("round %d: list: library %.1f µs, fast %.1f µs; 2 KiB deposit body: library (worker) "
                        + "%.1f µs, fast (inline) %.1f µs per validation%n", r + 1, a, b, c, d);
            }
        } finally {
            await(vertx.close());
        }
    }

    private static double perCall(int n, java.util.function.Supplier<Future<ValidatedRequest>> call) throws Exception {
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            await(call.get());
        }
        return (System.nanoTime() - start) / 1000.0 / n;
    }
}
