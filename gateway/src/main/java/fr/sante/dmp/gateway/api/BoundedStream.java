package fr.sante.dmp.gateway.api;

import fr.sante.dmp.problem.Problem;
import fr.sante.dmp.problem.ProblemException;
import fr.sante.dmp.problem.ProblemType;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/**
 * A request body that fails with 413 once it passed {@code max} bytes: a chunked upload has no Content-Length to
 * refuse up front. Everything else is the underlying stream's (pause, resume and fetch keep the back-pressure).
 */
public final class BoundedStream implements ReadStream<Buffer> {
    private final ReadStream<Buffer> in;
    private final long max;
    private long read;
    private boolean over;
    private final String detail;
    private Handler<Throwable> exceptionHandler;

    BoundedStream(ReadStream<Buffer> in, long max) {
        this(in, max, "a feed body may be up to 1 GiB: split the file");
    }

    public BoundedStream(ReadStream<Buffer> in, long max, String detail) {
        this.in = in;
        this.max = max;
        this.detail = detail;
    }

    @Override
    public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
        this.exceptionHandler = handler;
        in.exceptionHandler(handler);
        return this;
    }

    @Override
    public ReadStream<Buffer> handler(Handler<Buffer> handler) {
        if (handler == null) {
            in.handler(null);
            return this;
        }
        in.handler(b -> {
            if (over) {
                return;
            }
            read += b.length();
            if (read > max) {
                over = true;
                in.pause();
                if (exceptionHandler != null) {
                    exceptionHandler.handle(new ProblemException(Problem.of(ProblemType.PAYLOAD_TOO_LARGE,
                            detail)));
                }
                return;
            }
            handler.handle(b);
        });
        return this;
    }

    @Override
    public ReadStream<Buffer> pause() {
        in.pause();
        return this;
    }

    @Override
    public ReadStream<Buffer> resume() {
        if (!over) {
            in.resume();
        }
        return this;
    }

    @Override
    public ReadStream<Buffer> fetch(long amount) {
        if (!over) {
            in.fetch(amount);
        }
        return this;
    }

    @Override
    public ReadStream<Buffer> endHandler(Handler<Void> endHandler) {
        in.endHandler(v -> {
            if (!over && endHandler != null) {
                endHandler.handle(v);
            }
        });
        return this;
    }
}
