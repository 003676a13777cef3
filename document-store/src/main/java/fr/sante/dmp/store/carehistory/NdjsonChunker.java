package fr.sante.dmp.store.carehistory;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Splits an NDJSON byte stream into lines and hands them on in chunks, one chunk at a time: the stream is paused while
 * a chunk is processed, so memory stays bounded by one chunk plus one network buffer whatever the file's size. A line
 * longer than {@code maxLineBytes} is not buffered: it is dropped up to its newline and handed on as a {@code null}
 * text (rejected as too long). Runs on the stream's context; not thread-safe.
 */
final class NdjsonChunker {
    /** One input line: its 1-based number and its text, or null when it was too long. */
    record RawLine(long number, String text) {
    }

    private final ReadStream<Buffer> in;
    private final int chunkLines;
    private final int maxLineBytes;
    private final Function<List<RawLine>, Future<Void>> consumer;
    private final Promise<Void> done = Promise.promise();

    private Buffer partial = Buffer.buffer();
    private boolean overlong;
    private long lineNumber;
    private List<RawLine> queue = new ArrayList<>();
    private boolean busy;
    private boolean ended;

    private NdjsonChunker(ReadStream<Buffer> in, int chunkLines, int maxLineBytes,
                          Function<List<RawLine>, Future<Void>> consumer) {
        this.in = in;
        this.chunkLines = chunkLines;
        this.maxLineBytes = maxLineBytes;
        this.consumer = consumer;
    }

    /** Completes when every line was consumed, or fails with the first failed chunk or stream error. */
    static Future<Void> run(ReadStream<Buffer> in, int chunkLines, int maxLineBytes,
                            Function<List<RawLine>, Future<Void>> consumer) {
        NdjsonChunker c = new NdjsonChunker(in, chunkLines, maxLineBytes, consumer);
        in.exceptionHandler(c::fail);
        in.endHandler(v -> c.end());
        in.handler(c::bytes);
        in.resume();
        return c.done.future();
    }

    private void bytes(Buffer b) {
        int start = 0;
        for (int i = 0, n = b.length(); i < n; i++) {
            if (b.getByte(i) == '\n') {
                append(b, start, i);
                line();
                start = i + 1;
            }
        }
        append(b, start, b.length());
        pump();
    }

    private void append(Buffer b, int from, int to) {
        if (overlong || from == to) {
            return;
        }
        if (partial.length() + (to - from) > maxLineBytes) {
            overlong = true;
            partial = Buffer.buffer();
            return;
        }
        partial.appendBuffer(b, from, to - from);
    }

    private void line() {
        lineNumber++;
        if (overlong) {
            queue.add(new RawLine(lineNumber, null));
        } else {
            String text = partial.toString(StandardCharsets.UTF_8).strip();
            if (!text.isEmpty()) {
                queue.add(new RawLine(lineNumber, text));
            }
        }
        overlong = false;
        partial = Buffer.buffer();
    }

    private void end() {
        if (overlong || partial.length() > 0) {
            line(); // a last line without its newline
        }
        ended = true;
        pump();
    }

    private void pump() {
        if (busy || done.future().isComplete()) {
            return;
        }
        if (queue.size() >= chunkLines || (ended && !queue.isEmpty())) {
            List<RawLine> chunk;
            if (queue.size() <= chunkLines) {
                chunk = queue;
                queue = new ArrayList<>();
            } else {
                chunk = new ArrayList<>(queue.subList(0, chunkLines));
                queue = new ArrayList<>(queue.subList(chunkLines, queue.size()));
            }
            busy = true;
            if (!ended) {
                in.pause();
            }
            Future<Void> processed;
            try {
                processed = consumer.apply(chunk);
            } catch (RuntimeException e) {
                processed = Future.failedFuture(e);
            }
            processed.onComplete(ar -> {
                busy = false;
                if (ar.failed()) {
                    fail(ar.cause());
                    return;
                }
                pump();
                if (!busy && !ended && !done.future().isComplete()) {
                    in.resume();
                }
            });
            return;
        }
        if (ended) {
            done.tryComplete();
        }
    }

    private void fail(Throwable t) {
        if (done.tryFail(t)) {
            in.handler(null);
        }
    }
}
