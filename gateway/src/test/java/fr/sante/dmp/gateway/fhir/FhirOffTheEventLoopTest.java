package fr.sante.dmp.gateway.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
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

    /**
     * Makes the call on an event loop and verifies whether it had finished before returning ({@code atOnce}) and that
     * it succeeded; every check inside {@code test.verify}, so that one failing on the event loop fails the test.
     */
    private static void onEventLoop(VertxTestContext test, Checkpoint done, boolean atOnce, Supplier<Future<?>> call) {
        vertx.getOrCreateContext().runOnContext(v -> test.verify(() -> {
            assertThat(Context.isOnEventLoopThread()).isTrue();
            Future<?> f = call.get();
            boolean completeAtOnce = f.isComplete();
            f.onComplete(test.succeeding(r -> test.verify(() -> {
                assertThat(completeAtOnce).as("complete when the call returned").isEqualTo(atOnce);
                done.flag();
            })));
        }));
    }

    @Test
    void aSmallBodyIsParsedAndSerialisedOnTheEventLoop(VertxTestContext test) {
        Buffer small = fhir.encodeNow(binaryOf(1024), FhirFormat.JSON);
        Checkpoint done = test.checkpoint(2);
        onEventLoop(test, done, true, () -> fhir.parse(Binary.class, small, FhirFormat.JSON));
        onEventLoop(test, done, true, () -> fhir.encode(binaryOf(1024), FhirFormat.XML, 2048));
    }

    @Test
    void aLargeBodyIsParsedAndSerialisedOnAWorker(VertxTestContext test) {
        Buffer large = fhir.encodeNow(binaryOf(Fhir.ON_WORKER_BYTES), FhirFormat.JSON);
        assertThat(large.length()).isGreaterThan(Fhir.ON_WORKER_BYTES);
        Checkpoint done = test.checkpoint(2);
        onEventLoop(test, done, false, () -> fhir.parse(Binary.class, large, FhirFormat.JSON));
        onEventLoop(test, done, false, () -> fhir.encode(binaryOf(Fhir.ON_WORKER_BYTES), FhirFormat.XML,
                Fhir.ON_WORKER_BYTES * 4L / 3));
    }
}
