package fr.sante.dmp.gateway.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.hl7.fhir.r4.model.Binary;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 15, item 3: an event loop never parses or serialises a large body. Called on an event loop, a body under
 * {@value Fhir#ON_WORKER_BYTES} bytes is done there and then (the future is already complete when the call returns); a
 * larger one is handed to a worker (the future is not complete yet: the event loop went on).
 */
@ExtendWith(VertxExtension.class)
class FhirOffTheEventLoopTest {
    private static final FhirContext CONTEXT = FhirContext.forR4();
    private static Vertx vertx;
    private static Fhir fhir;

    @BeforeAll
    static void start(Vertx vertx) {
        FhirOffTheEventLoopTest.vertx = vertx;
        fhir = new Fhir(vertx, CONTEXT);
    }

    private static Binary binaryOf(int bytes) {
        Binary b = new Binary().setContentType("application/pdf");
        b.setData(new byte[bytes]);
        return b;
    }

    /** Whether the call, made on an event loop, had finished before returning; and whether it succeeded. */
    private static List<Object> onEventLoop(Supplier<Future<?>> call) throws Exception {
        CompletableFuture<List<Object>> seen = new CompletableFuture<>();
        Context loop = vertx.getOrCreateContext();
        loop.runOnContext(v -> {
            assertThat(Context.isOnEventLoopThread()).isTrue();
            Future<?> f = call.get();
            boolean completeAtOnce = f.isComplete();
            f.onComplete(ar -> seen.complete(List.of(completeAtOnce, ar.succeeded())));
        });
        return seen.get(30, TimeUnit.SECONDS);
    }

    @Test
    void aSmallBodyIsParsedAndSerialisedOnTheEventLoop() throws Exception {
        Buffer small = fhir.encodeNow(binaryOf(1024), FhirFormat.JSON);
        assertThat(onEventLoop(() -> fhir.parse(Binary.class, small, FhirFormat.JSON))).containsExactly(true, true);
        assertThat(onEventLoop(() -> fhir.encode(binaryOf(1024), FhirFormat.XML, 2048)))
                .containsExactly(true, true);
    }

    @Test
    void aLargeBodyIsParsedAndSerialisedOnAWorker() throws Exception {
        Buffer large = fhir.encodeNow(binaryOf(Fhir.ON_WORKER_BYTES), FhirFormat.JSON);
        assertThat(large.length()).isGreaterThan(Fhir.ON_WORKER_BYTES);
        assertThat(onEventLoop(() -> fhir.parse(Binary.class, large, FhirFormat.JSON))).containsExactly(false, true);
        assertThat(onEventLoop(() -> fhir.encode(binaryOf(Fhir.ON_WORKER_BYTES), FhirFormat.XML,
                Fhir.ON_WORKER_BYTES * 4L / 3))).containsExactly(false, true);
    }
}
