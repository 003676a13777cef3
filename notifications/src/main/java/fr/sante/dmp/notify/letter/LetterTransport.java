package fr.sante.dmp.notify.letter;

import fr.sante.dmp.notify.NotifyOptions;
import fr.sante.dmp.notify.dispatch.SendResult;
import fr.sante.dmp.notify.dispatch.Transport;
import fr.sante.dmp.notify.outbox.Channel;
import fr.sante.dmp.notify.outbox.ClaimedMessage;
import fr.sante.dmp.notify.template.RenderedMessage;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The postal channel: letters claimed from the outbox are gathered into batches of at most
 * {@code lettersPerFile}, each rendered into one PDF (with its manifest) in the export folder a mail house collects.
 * A letter is "accepted" (SENT) once its batch is on disk under its final name; its provider id is
 * {@code <batch>#<page>}. The dispatcher claims up to {@code lettersPerFile} at once for this channel, so a full claim
 * makes a full file; a partial one is written after {@code linger}. Rendering runs on a pool of worker threads
 * ({@code renderThreads}), several batches at once, never on the dispatcher's event loop. All other state is confined
 * to the event loop that calls {@link #send}.
 *
 * <p>No receipt comes back from the post: letters stay SENT (a returned letter, "NPAI", is recorded by an operator, as
 * a bounce). A crash after a batch is written and before its letters are recorded as SENT reprints them in a later
 * batch: the manifest lists every letter's reference (the outbox message id) so the mail house drops the reprint.
 */
public final class LetterTransport implements Transport {
    private static final Logger LOG = LoggerFactory.getLogger(LetterTransport.class);

    private final Vertx vertx;
    private final NotifyOptions.Letters settings;
    private final LetterBatchWriter writer;
    private final WorkerExecutor renderers;
    private List<Pending> pending = new ArrayList<>();
    private long lingerTimer = -1;
    private final List<Future<?>> writing = new ArrayList<>();

    private record Pending(Letter letter, Promise<SendResult> result) {
    }

    private LetterTransport(Vertx vertx, NotifyOptions.Letters settings, LetterBatchWriter writer) {
        this.vertx = vertx;
        this.settings = settings;
        this.writer = writer;
        this.renderers = vertx.createSharedWorkerExecutor("dmp-letters", settings.renderThreads());
    }

    /** Prepares the export folder (on a worker thread) and returns the transport. */
    public static Future<LetterTransport> start(Vertx vertx, NotifyOptions.Letters settings, Clock clock) {
        return vertx.executeBlocking(() -> {
            LetterBatchWriter w = new LetterBatchWriter(settings.exportDir(), clock);
            w.prepare();
            return new LetterTransport(vertx, settings, w);
        });
    }

    @Override
    public Channel channel() {
        return Channel.LETTER;
    }

    @Override
    public boolean ready() {
        return true;
    }

    @Override
    public int claimLimit(int configured) {
        return settings.lettersPerFile();
    }

    @Override
    public Future<SendResult> send(ClaimedMessage message, RenderedMessage rendered) {
        PostalAddress to;
        try {
            to = PostalAddress.parse(message.recipient());
        } catch (IllegalArgumentException e) {
            return Future.succeededFuture(new SendResult.Permanent("invalid postal address"));
        }
        Promise<SendResult> result = Promise.promise();
        pending.add(new Pending(new Letter(message.id(), message.templateId(), message.language(), to, rendered),
                result));
        if (pending.size() >= settings.lettersPerFile()) {
            flush();
        } else if (lingerTimer < 0) {
            lingerTimer = vertx.setTimer(settings.linger().toMillis(), id -> {
                lingerTimer = -1;
                flush();
            });
        }
        return result.future();
    }

    private void flush() {
        if (lingerTimer >= 0) {
            vertx.cancelTimer(lingerTimer);
            lingerTimer = -1;
        }
        if (pending.isEmpty()) {
            return;
        }
        List<Pending> batch = pending;
        pending = new ArrayList<>();
        List<Letter> letters = new ArrayList<>(batch.size());
        batch.forEach(p -> letters.add(p.letter()));
        Future<LetterBatchWriter.Batch> written = renderers.executeBlocking(() -> writer.write(letters), false);
        writing.add(written);
        written.onComplete(ar -> {
            writing.remove(written);
            if (ar.failed()) {
                // Technical only (disk full, folder gone): the letters are retried with backoff.
                LOG.warn("letter batch of {} not written: {}", batch.size(), ar.cause().toString());
                batch.forEach(p -> p.result().complete(new SendResult.Transient("letter batch not written: "
                        + ar.cause().getClass().getSimpleName())));
                return;
            }
            LOG.info("letter batch {} written: {} letters", ar.result().name(), batch.size());
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).result().complete(new SendResult.Accepted(List.of(ar.result().name() + "#" + (i + 1))));
            }
        });
    }

    /** Writes what is pending, waits for the batches being written, then releases the render threads. */
    @Override
    public Future<Void> close() {
        flush();
        return Future.join(new ArrayList<>(writing)).transform(ar -> renderers.close());
    }
}
