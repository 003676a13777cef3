package fr.sante.dmp.notify.dispatch;

import static fr.sante.dmp.notify.support.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What the dispatcher's group commit promises the transports that record outcomes and receipts: an idle queue writes
 * at once, what arrives during a write leaves together as the next one in arrival order, each item completes only when
 * its own write has, and a failed write fails its own items only. The writes are a script the test ends by hand, so
 * each step is seen before the next; no event loop is involved (transports complete on their own threads).
 */
class GroupCommitTest {

    /** Writes that wait until the test ends them. */
    private static final class Writes {
        final List<List<String>> batches = new CopyOnWriteArrayList<>();
        final List<Promise<Void>> pending = new CopyOnWriteArrayList<>();

        Future<?> write(List<String> items) {
            batches.add(List.copyOf(items));
            Promise<Void> p = Promise.promise();
            pending.add(p);
            return p.future();
        }

        void commit(int batch) {
            pending.get(batch).complete();
        }

        void fail(int batch, String why) {
            pending.get(batch).fail(new IllegalStateException(why));
        }
    }

    @Test
    void anIdleQueueWritesTheFirstItemAtOnceAndItCompletesOnlyWhenCommitted() {
        Writes writes = new Writes();
        GroupCommit<String> group = new GroupCommit<>(writes::write);

        Future<Void> outcome = group.add("delivered-1");

        assertThat(writes.batches).containsExactly(List.of("delivered-1"));
        assertThat(outcome.isComplete()).as("not before its write has committed").isFalse();
        writes.commit(0);
        assertThat(outcome.succeeded()).isTrue();
    }

    @Test
    void itemsArrivingDuringAWriteLeaveTogetherAsTheNextInArrivalOrder() {
        Writes writes = new Writes();
        GroupCommit<String> group = new GroupCommit<>(writes::write);
        Future<Void> first = group.add("a");

        List<Future<Void>> waiting = List.of(group.add("b"), group.add("c"), group.add("d"));
        assertThat(writes.batches).as("nothing leaves while a write is in flight").hasSize(1);
        assertThat(waiting).noneMatch(Future::isComplete);
        writes.commit(0);

        assertThat(first.succeeded()).isTrue();
        assertThat(writes.batches).containsExactly(List.of("a"), List.of("b", "c", "d"));
        assertThat(waiting).noneMatch(Future::isComplete);
        writes.commit(1);
        assertThat(waiting).allMatch(Future::succeeded);
    }

    @Test
    void aFailedWriteFailsItsOwnItemsOnlyAndTheQueueGoesOn() {
        Writes writes = new Writes();
        GroupCommit<String> group = new GroupCommit<>(writes::write);
        Future<Void> before = group.add("before");
        Future<Void> doomed1 = group.add("doomed-1");
        Future<Void> doomed2 = group.add("doomed-2");
        writes.commit(0);
        Future<Void> after = group.add("after");

        writes.fail(1, "connection reset");
        assertThat(writes.batches).as("the queue goes on after a failure")
                .containsExactly(List.of("before"), List.of("doomed-1", "doomed-2"), List.of("after"));
        writes.commit(2);

        assertThat(before.succeeded()).isTrue();
        assertThat(doomed1.cause()).hasMessage("connection reset");
        assertThat(doomed2.cause()).hasMessage("connection reset");
        assertThat(after.succeeded()).isTrue();
    }

    @Test
    void anItemAddedOnceTheQueueIsIdleAgainStartsItsOwnWrite() {
        Writes writes = new Writes();
        GroupCommit<String> group = new GroupCommit<>(writes::write);
        group.add("a");
        writes.commit(0);

        Future<Void> later = group.add("b");

        assertThat(writes.batches).containsExactly(List.of("a"), List.of("b"));
        writes.commit(1);
        assertThat(later.succeeded()).isTrue();
    }

    @Test
    void itemsAddedFromManyThreadsAreEachWrittenExactlyOnceAndAllComplete() throws Exception {
        List<List<String>> batches = new CopyOnWriteArrayList<>();
        // Writes that commit at once on the adding thread, or later on another: the two ways transports complete.
        ExecutorService committer = Executors.newSingleThreadExecutor();
        GroupCommit<String> group = new GroupCommit<>(items -> {
            batches.add(List.copyOf(items));
            Promise<Void> p = Promise.promise();
            if (batches.size() % 2 == 0) {
                p.complete();
            } else {
                committer.execute(p::complete);
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
                        outcomes.add(group.add(thread + ":" + i));
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
