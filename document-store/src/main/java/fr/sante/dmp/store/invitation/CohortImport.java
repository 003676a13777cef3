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
 * One streaming import. Lines are parsed as they arrive; when a batch is full the stream is paused until the batch has
 * committed, so at most one batch (plus the parser's buffer) is in memory whatever the file size. All callbacks run on
 * the stream's context, one at a time.
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
    private final Promise<CampaignSummary> done = Promise.promise();

    private RecordParser lines;
    private List<CohortRow> rows = new ArrayList<>();
    private List<Rejection> rejections = new ArrayList<>();
    private long lineNumber;
    private boolean headerSeen;
    private boolean writing;
    private boolean ended;
    private long imported;
    private long rejected;
    private long skipped;

    CohortImport(ImportBatch batches, CohortParser parser, Clock clock, String operator, UUID campaignId,
                 int batchSize) {
        this.batches = batches;
        this.parser = parser;
        this.clock = clock;
        this.operator = operator;
        this.campaignId = campaignId;
        this.batchSize = batchSize;
    }

    Future<CampaignSummary> run(ReadStream<Buffer> csv) {
        lines = RecordParser.newDelimited("\n", csv);
        lines.maxRecordSize(MAX_LINE);
        lines.exceptionHandler(this::fail);
        lines.endHandler(v -> {
            ended = true;
            if (!writing) {
                flush();
            }
        });
        lines.handler(this::line);
        // The caller paused the stream until the campaign existed; the parser resumes it when it wants data.
        lines.resume();
        return done.future();
    }

    private void line(Buffer raw) {
        if (done.future().isComplete()) {
            return;
        }
        lineNumber++;
        String text = raw.toString(StandardCharsets.UTF_8);
        if (text.endsWith("\r")) {
            text = text.substring(0, text.length() - 1);
        }
        if (!headerSeen) {
            headerSeen = true;
            if (!CohortParser.isHeader(text)) {
                fail(new RecordException.Invalid("csv", "the first line must be the header " + CohortParser.HEADER));
            }
            return;
        }
        if (text.isBlank()) {
            return;
        }
        CohortParser.Result r = parser.parse(lineNumber, text);
        if (r.row() != null) {
            rows.add(r.row());
        } else {
            rejections.addAll(r.rejections());
        }
        if (rows.size() + rejections.size() >= batchSize && !writing) {
            lines.pause();
            flush();
        }
    }

    /** Writes the pending batch; then resumes the stream, or finishes if it has ended. */
    private void flush() {
        if (done.future().isComplete()) {
            return;
        }
        if (!headerSeen) {
            fail(new RecordException.Invalid("csv", "empty file: the header " + CohortParser.HEADER + " is missing"));
            return;
        }
        List<CohortRow> batchRows = rows;
        List<Rejection> batchRejections = rejections;
        rows = new ArrayList<>();
        rejections = new ArrayList<>();
        writing = true;
        Future<ImportBatch.Counts> written = batchRows.isEmpty() && batchRejections.isEmpty()
                ? Future.succeededFuture(new ImportBatch.Counts(0, 0, 0))
                : batches.write(operator, campaignId, batchRows, batchRejections,
                        clock.instant().truncatedTo(ChronoUnit.MICROS));
        written.onComplete(ar -> {
            writing = false;
            if (ar.failed()) {
                fail(ar.cause());
                return;
            }
            imported += ar.result().imported();
            rejected += ar.result().rejected();
            skipped += ar.result().skipped();
            if (ended) {
                if (rows.isEmpty() && rejections.isEmpty()) {
                    done.tryComplete(new CampaignSummary(campaignId, imported, rejected, skipped));
                } else {
                    flush();
                }
            } else {
                lines.resume();
            }
        });
    }

    private void fail(Throwable e) {
        if (done.tryFail(e) && lines != null) {
            lines.pause();
        }
    }
}
