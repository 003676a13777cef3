package fr.sante.dmp.notify;

import static fr.sante.dmp.notify.support.Await.await;
import static fr.sante.dmp.notify.support.Await.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the group commit promises its callers: an idle queue flushes at once, what arrives during a batch leaves as the
 * next one in arrival order and at most {@code maxBatch} at a time, each caller gets its own item's outcome on its own
 * context, and a failed batch fails its own items only. The flush is a script the test completes by hand, so each
 * step is seen before the next.
 */
@ExtendWith(VertxExtension.class)
class GroupCommitTest {

    /** A flush whose batches wait until the test ends them; an item's outcome is its text in upper case. */
    private static final class Flushes {
        final List<List<String>> batches = new CopyOnWriteArrayList<>();
        final List<Promise<List<String>>> pending = new CopyOnWriteArrayList<>();

        Future<List<String>> flush(List<String> items) {
            batches.add(List.copyOf(items));
            Promise<List<String>> p = Promise.promise();
            pending.add(p);
            return p.future();
        }

        void commit(int batch) {
            pending.get(batch).complete(batches.get(batch).stream().map(String::toUpperCase).toList());
        }

        void fail(int batch, String why) {
            pending.get(batch).fail(new IllegalStateException(why));
        }
    }

    @Test
    void anIdleQueueFlushesTheFirstItemAtOnce(Vertx vertx) throws Exception {
        Flushes flushes = new Flushes();
        GroupCommit<String, String> group = new GroupCommit<>(vertx, 10, flushes::flush);

        Future<String> outcome = group.submit("deposit-1");

        assertThat(flushes.batches).containsExactly(List.of("deposit-1"));
        flushes.commit(0);
        assertThat(await(outcome)).isEqualTo("DEPOSIT-1");
    }

    @Test
    void itemsArrivingDuringABatchLeaveTogetherAsTheNextInArrivalOrder(Vertx vertx) throws Exception {
        Flushes flushes = new Flushes();
        GroupCommit<String, String> group = new GroupCommit<>(vertx, 10, flushes::flush);
        Future<String> first = group.submit("a");

        List<Future<String>> waiting = List.of(group.submit("b"), group.submit("c"), group.submit("d"));
        assertThat(flushes.batches).as("nothing leaves while a batch is in flight").hasSize(1);
        flushes.commit(0);

        assertThat(flushes.batches).containsExactly(List.of("a"), List.of("b", "c", "d"));
        flushes.commit(1);
        assertThat(await(first)).isEqualTo("A");
        assertThat(List.of(await(waiting.get(0)), await(waiting.get(1)), await(waiting.get(2))))
                .containsExactly("B", "C", "D");
    }

    @Test
    void aFullBatchLeavesTheRestQueuedForTheNextAndNothingIsLost(Vertx vertx) throws Exception {
        Flushes flushes = new Flushes();
        GroupCommit<String, String> group = new GroupCommit<>(vertx, 2, flushes::flush);
        Future<String> first = group.submit("i0");
        List<Future<String>> waiting = IntStream.rangeClosed(1, 5).mapToObj(i -> group.submit("i" + i)).toList();

        for (int batch = 0; batch < 4; batch++) {
            flushes.commit(batch);
        }

        assertThat(flushes.batches)
                .containsExactly(List.of("i0"), List.of("i1", "i2"), List.of("i3", "i4"), List.of("i5"));
        assertThat(await(first)).isEqualTo("I0");
        List<String> outcomes = new ArrayList<>();
        for (Future<String> f : waiting) {
            outcomes.add(await(f));
        }
        assertThat(outcomes).containsExactly("I1", "I2", "I3", "I4", "I5");
    }

    @Test
    void aFailedBatchFailsItsOwnItemsOnlyAndTheQueueGoesOn(Vertx vertx) throws Exception {
        Flushes flushes = new Flushes();
        GroupCommit<String, String> group = new GroupCommit<>(vertx, 10, flushes::flush);
        Future<String> before = group.submit("before");
        Future<String> doomed1 = group.submit("doomed-1");
        Future<String> doomed2 = group.submit("doomed-2");
        flushes.commit(0);
        Future<String> after = group.submit("after");

        flushes.fail(1, "serialization failure");
        flushes.commit(2);

        assertThat(flushes.batches).containsExactly(List.of("before"), List.of("doomed-1", "doomed-2"),
                List.of("after"));
        assertThat(await(before)).isEqualTo("BEFORE");
        assertThat(failure(doomed1)).hasMessage("serialization failure");
        assertThat(failure(doomed2)).hasMessage("serialization failure");
        assertThat(await(after)).isEqualTo("AFTER");
    }

    @Test
    void aFlushThatThrowsFailsItsBatchWithoutWedgingTheQueue(Vertx vertx) throws Exception {
        Flushes flushes = new Flushes();
        GroupCommit<String, String> group = new GroupCommit<>(vertx, 10, items -> {
            if (items.contains("poison")) {
                throw new IllegalArgumentException("bad batch");
            }
            return flushes.flush(items);
        });

        assertThat(failure(group.submit("poison"))).hasMessage("bad batch");
        Future<String> next = group.submit("next");
        flushes.commit(0);
        assertThat(await(next)).isEqualTo("NEXT");
    }

    @Test
    void eachCallerHearsItsOutcomeOnItsOwnContext(Vertx vertx) throws Exception {
        Flushes flushes = new Flushes();
        GroupCommit<String, String> group = new GroupCommit<>(vertx, 10, flushes::flush);
        Context first = vertx.getOrCreateContext();
        Context second = vertx.getOrCreateContext();
        List<Context> heardOn = new CopyOnWriteArrayList<>();
        Promise<String> firstHeard = Promise.promise();
        Promise<String> secondHeard = Promise.promise();

        await(Future.<Void>future(p -> first.runOnContext(v -> {
            group.submit("from-first").onComplete(ar -> heardOn.add(Vertx.currentContext()))
                    .onComplete(firstHeard);
            p.complete();
        })));
        await(Future.<Void>future(p -> second.runOnContext(v -> {
            group.submit("from-second").onComplete(ar -> heardOn.add(Vertx.currentContext()))
                    .onComplete(secondHeard);
            p.complete();
        })));
        // Both batches are ended from the test thread, on no context at all.
        flushes.commit(0);
        flushes.commit(1);

        assertThat(await(firstHeard.future())).isEqualTo("FROM-FIRST");
        assertThat(await(secondHeard.future())).isEqualTo("FROM-SECOND");
        assertThat(heardOn).containsExactlyInAnyOrder(first, second);
        assertThat(heardOn.get(0)).isNotSameAs(heardOn.get(1));
    }

    @Test
    void aBatchOfNothingIsRefused(Vertx vertx) {
        assertThatThrownBy(() -> new GroupCommit<String, String>(vertx, 0, items -> Future.succeededFuture(items)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void itemsSubmittedFromThreadsOfTheirOwnAreEachWrittenExactlyOnceInOrderAndAllComplete(Vertx vertx)
            throws Exception {
        List<List<String>> batches = new CopyOnWriteArrayList<>();
        // Submitted from plain threads, as the SMPP and mail transports do; batches that commit at once on the
        // submitting thread, or later on another.
        ExecutorService committer = Executors.newSingleThreadExecutor();
        GroupCommit<String, Void> group = new GroupCommit<>(vertx, 1_000, items -> {
            batches.add(List.copyOf(items));
            Promise<List<Void>> p = Promise.promise();
            List<Void> done = java.util.Collections.nCopies(items.size(), null);
            if (batches.size() % 2 == 0) {
                p.complete(done);
            } else {
                committer.execute(() -> p.complete(done));
            }
            return p.future();
        });
        int threads = 4;
        int perThread = 500;
        ExecutorService adders = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Void>> outcomes = new CopyOnWriteArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                adders.execute(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    for (int i = 0; i < perThread; i++) {
                        outcomes.add(group.submit(thread + ":" + i));
                    }
                });
            }
            go.countDown();
            adders.shutdown();
            assertThat(adders.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

            for (Future<Void> f : outcomes) {
                await(f);
            }
        } finally {
            adders.shutdownNow();
            committer.shutdownNow();
        }

        List<String> written = new ArrayList<>();
        batches.forEach(written::addAll);
        assertThat(outcomes).hasSize(threads * perThread);
        assertThat(written).hasSize(threads * perThread).doesNotHaveDuplicates();
        // Each thread's items are written in the order it added them.
        for (int t = 0; t < threads; t++) {
            String prefix = t + ":";
            List<String> own = written.stream().filter(s -> s.startsWith(prefix)).toList();
            assertThat(own).containsExactlyElementsOf(
                    java.util.stream.IntStream.range(0, perThread).mapToObj(i -> prefix + i).toList());
        }
    }
}
