package fr.sante.dmp.gateway.api;

import static fr.sante.dmp.store.testing.Await.await;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.RequestValidator;
import io.vertx.openapi.validation.ValidatableRequest;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Not a test: the contract validation of {@code GET /api/v1/patients/{ins}/documents} (the G2 request) and of a
 * 2 KiB deposit body (the G6 request), with vertx-openapi's {@link RequestValidator} alone and with
 * {@link ContractValidator} (its pre-check on the event loop, the library behind it), one after the other in the same
 * JVM so that a busy machine slows both alike. Each validation runs on an event loop, as in the gateway, the next one
 * starting when the previous one has answered. Prints µs per validation. Arguments: validations per round (default
 * 20,000), rounds (5).
 */
public final class ValidatorBench {
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Vertx vertx = Vertx.vertx();
        try {
            OpenAPIContract contract = await(Contract.load(vertx, ProfessionalApi.CONTRACT)).model();
            Operation list = contract.operation("listDocuments");
            Operation deposit = contract.operation("depositDocument");
            RequestValidator library = RequestValidator.create(vertx, contract);
            ContractValidator validator = new ContractValidator(vertx, contract);
            Map<String, RequestParameter> path = Map.of("ins", () -> "185057512345673");
            ValidatableRequest listRequest = Requests.of(path, Map.of(), null, null);
            // The G6 body of loadtest/bench/deposit.lua.
            Buffer depositBody = new JsonObject().put("classCode", "11502-2").put("title", "Compte rendu de biologie")
                    .put("contentType", "application/pdf").put("content", "JVBERi0xLjQK".repeat(170)).toBuffer();
            ValidatableRequest depositRequest = Requests.of(path, Map.of(), depositBody, "application/json");
            for (int r = 0; r < rounds; r++) {
                double a = onEventLoop(vertx, n, () -> library.validate(listRequest, "listDocuments"));
                double b = onEventLoop(vertx, n, () -> validator.validate(listRequest, list));
                double c = onEventLoop(vertx, n, () -> library.validate(depositRequest, "depositDocument"));
                double d = onEventLoop(vertx, n, () -> validator.validate(depositRequest, deposit));
                System.out.printf("round %d: list: library %.1f µs, ContractValidator %.1f µs; 2 KiB deposit body: "
                        + "library %.1f µs, ContractValidator %.1f µs per validation%n", r + 1, a, b, c, d);
            }
        } finally {
            await(vertx.close());
        }
    }

    /** µs per call, the calls made one after the other on one event loop, each once the previous one answered. */
    static double onEventLoop(Vertx vertx, int n, Supplier<Future<?>> call) throws Exception {
        Promise<Long> elapsed = Promise.promise();
        vertx.runOnContext(v -> new Object() {
            final long start = System.nanoTime();
            int done;

            void next() {
                while (done < n) {
                    Future<?> f = call.get();
                    done++;
                    if (f.failed()) {
                        elapsed.fail(f.cause());
                        return;
                    }
                    if (!f.isComplete()) {
                        f.onComplete(r -> {
                            if (r.failed()) {
                                elapsed.fail(r.cause());
                            } else {
                                next();
                            }
                        });
                        return;
                    }
                }
                elapsed.tryComplete(System.nanoTime() - start);
            }
        }.next());
        return await(elapsed.future()) / 1000.0 / n;
    }
}
