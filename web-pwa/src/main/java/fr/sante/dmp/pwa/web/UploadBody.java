package fr.sante.dmp.pwa.web;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;

/**
 * Reads a file sent to the space, in memory and bounded, with nothing written to disk (a health document in clear in
 * an uploads directory would outlive the request): a {@code multipart/form-data} form (its one file part, and its
 * fields as form attributes for the CSRF check and the handler), or, for the patient API, the raw body. A declared
 * length past the limit is refused (413) before a byte is read; a body that grows past it is refused as soon as it
 * does, the bytes already read dropped. Never trusts the part's file name or content type: it keeps the bytes only.
 */
public final class UploadBody implements Handler<RoutingContext> {
    /** The file's bytes, in the context once the body is read. */
    public static final String FILE = "upload.file";

    private final long maxFileBytes;
    private final long maxBodyBytes;
    private final boolean multipart;

    /** {@code slack}: what the form's other fields and multipart framing may add to the file. */
    private UploadBody(long maxFileBytes, long slack, boolean multipart) {
        this.maxFileBytes = maxFileBytes;
        this.maxBodyBytes = maxFileBytes + slack;
        this.multipart = multipart;
    }

    public static UploadBody form(long maxFileBytes) {
        return new UploadBody(maxFileBytes, 64 * 1024, true);
    }

    public static UploadBody raw(long maxFileBytes) {
        return new UploadBody(maxFileBytes, 0, false);
    }

    /** The bytes read, or an empty buffer when the form carried no file. */
    public static Buffer file(RoutingContext ctx) {
        Buffer b = ctx.get(FILE);
        return b == null ? Buffer.buffer() : b;
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        String length = req.getHeader("Content-Length");
        if (length != null && declaredTooLong(length)) {
            tooLarge(ctx);
            return;
        }
        String type = req.getHeader("Content-Type");
        if (multipart && (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/form-data"))) {
            ctx.fail(new HttpException(415, "send multipart/form-data"));
            return;
        }
        State state = new State();
        if (multipart) {
            req.setExpectMultipart(true);
            req.uploadHandler(upload -> {
                boolean first = !state.hasFile;
                state.hasFile = true;
                upload.handler(chunk -> {
                    if (!first || state.done) {
                        return; // one file per form: a second part is counted, not kept
                    }
                    if (state.file.length() + chunk.length() > maxFileBytes) {
                        state.over = true;
                    } else if (!state.over) {
                        state.file.appendBuffer(chunk);
                    }
                });
            });
            req.handler(chunk -> count(ctx, state, chunk.length()));
        } else {
            req.handler(chunk -> {
                if (count(ctx, state, chunk.length()) && !state.over && !state.done) {
                    if (state.file.length() + chunk.length() > maxFileBytes) {
                        state.over = true;
                    } else {
                        state.file.appendBuffer(chunk);
                    }
                }
            });
        }
        req.exceptionHandler(e -> {
            if (!state.done) {
                state.done = true;
                ctx.fail(e);
            }
        });
        req.endHandler(v -> {
            if (state.done) {
                return;
            }
            state.done = true;
            if (state.over) {
                state.file = null;
                tooLarge(ctx);
                return;
            }
            ctx.put(FILE, state.file);
            ctx.next();
        });
        req.resume();
    }

    /** Counts the raw body; false once past the body's limit, which answers 413 and drops what was read. */
    private boolean count(RoutingContext ctx, State state, int bytes) {
        state.raw += bytes;
        if (state.raw > maxBodyBytes && !state.done) {
            state.done = true;
            state.file = null;
            tooLarge(ctx);
            return false;
        }
        return !state.done;
    }

    private boolean declaredTooLong(String length) {
        try {
            return Long.parseLong(length.strip()) > maxBodyBytes;
        } catch (NumberFormatException e) {
            return true;
        }
    }

    /**
     * 413 at once; over HTTP/1.x the connection closes once the answer is sent (Vert.x keeps it open by the
     * request's headers, not the answer's; the routes' pause handler closes it), so the rest is never read.
     */
    private static void tooLarge(RoutingContext ctx) {
        ctx.response().putHeader("Connection", "close");
        ctx.fail(new HttpException(413, "the file is larger than 20 MiB"));
    }

    private static final class State {
        Buffer file = Buffer.buffer();
        long raw;
        boolean hasFile;
        boolean over;
        boolean done;
    }
}
