package fr.sante.dmp.store.invitation;

import fr.sante.dmp.store.RecordException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.parsetools.RecordParser;
import io.vertx.core.streams.ReadStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * One streaming import. Lines are parsed as they arrive; a full batch is written in its own transaction while parsing
 * goes on, up to {@code inFlight} batches at once on separate connections; when that many are being written the stream
 * is paused until one has committed. So at most {@code inFlight + 1} batches (plus the parser's buffer) are in memory
 * whatever the file size. All callbacks run on the stream's context, one at a time.
 */
final class CohortImport {
    /** A cohort line is ~100 bytes; a line longer than this is not a cohort line (and would grow memory). */
    static final int MAX_LINE = 16 * 1024;

    private final ImportBatch batches;
    private final CohortParser parser;
    private final Clock clock;
    private final String operator;
    private final UUID campaignId;
    private final int batchSize;
    private final int inFlight;
    private final Promise<CampaignSummary> done = Promise.promise();

    private RecordParser lines;
    private List<CohortRow> rows = new ArrayList<>();
    private List<Rejection> rejections = new ArrayList<>();
    private long lineNumber;
    private boolean headerSeen;
    private CohortParser.Columns columns;
    private int writing;
    private boolean paused;
    private boolean ended;
    private long imported;
    private long rejected;
    private long skipped;
    private Throwable failure;

    CohortImport(ImportBatch batches, CohortParser parser, Clock clock, String operator, UUID campaignId,
                 int batchSize, int inFlight) {
        this.batches = batches;
        this.parser = parser;
        this.clock = clock;
        this.operator = operator;
        this.campaignId = campaignId;
        this.batchSize = batchSize;
        this.inFlight = inFlight;
    }

    Future<CampaignSummary> run(ReadStream<Buffer> csv) {
        lines = RecordParser.newDelimited("\n", csv);
        lines.maxRecordSize(MAX_LINE);
        lines.exceptionHandler(this::fail);
        lines.endHandler(v -> {
            ended = true;
            if (!headerSeen) {
                fail(new RecordException.Invalid("csv", "empty file: the header " + CohortParser.HEADER + " is missing"));
                return;
            }
            next();
        });
        lines.handler(this::line);
        // The caller paused the stream until the campaign existed; the parser resumes it when it wants data.
        lines.resume();
        return done.future();
    }

    private void line(Buffer raw) {
        if (failure != null) {
            return;
        }
        lineNumber++;
        String text = raw.toString(StandardCharsets.UTF_8);
        if (text.endsWith("\r")) {
            text = text.substring(0, text.length() - 1);
        }
        if (!headerSeen) {
            headerSeen = true;
            columns = CohortParser.header(text);
            if (columns == null) {
                fail(new RecordException.Invalid("csv", "the first line must be the header " + CohortParser.BASE
                        + " (then, optionally, " + CohortParser.POSTAL_ADDRESS + " and " + CohortParser.REPRESENTATIVES + ")"));
            }
            return;
        }
        if (text.isBlank()) {
            return;
        }
        CohortParser.Result r = parser.parse(lineNumber, text, columns);
        if (r.row() != null) {
            rows.add(r.row());
        } else {
            rejections.addAll(r.rejections());
        }
        if (rows.size() + rejections.size() >= batchSize) {
            if (writing < inFlight) {
                write();
            }
            if (writing >= inFlight || rows.size() + rejections.size() >= batchSize) {
                paused = true;
                lines.pause();
            }
        }
    }

    /** Starts writing the pending lines as one batch. */
    private void write() {
        List<CohortRow> batchRows = rows;
        List<Rejection> batchRejections = rejections;
        rows = new ArrayList<>();
        rejections = new ArrayList<>();
        writing++;
        batches.write(operator, campaignId, batchRows, batchRejections, clock.instant().truncatedTo(ChronoUnit.MICROS))
                .onComplete(ar -> {
                    writing--;
                    if (ar.failed() || failure != null) {
                        fail(ar.failed() ? ar.cause() : failure);
                        return;
                    }
                    imported += ar.result().imported();
                    rejected += ar.result().rejected();
                    skipped += ar.result().skipped();
                    next();
                });
    }

    /** After a batch committed or the stream ended: write what is pending, resume reading, or finish. */
    private void next() {
        if (failure != null) {
            return;
        }
        boolean full = rows.size() + rejections.size() >= batchSize;
        boolean pending = !rows.isEmpty() || !rejections.isEmpty();
        if ((full || (ended && pending)) && writing < inFlight) {
            write();
        }
        if (ended) {
            if (writing == 0 && rows.isEmpty() && rejections.isEmpty()) {
                done.tryComplete(new CampaignSummary(campaignId, imported, rejected, skipped));
            }
        } else if (paused && writing < inFlight && rows.size() + rejections.size() < batchSize) {
            paused = false;
            lines.resume();
        }
    }

    /** Stops reading; the import fails once the batches still being written have finished (committed or not). */
    private void fail(Throwable e) {
        if (failure == null) {
            failure = e;
            if (lines != null) {
                lines.pause();
            }
        }
        if (writing == 0) {
            done.tryFail(failure);
        }
    }
}
