package fr.sante.dmp.pwa.export;

import java.util.Optional;
import fr.sante.dmp.problem.Problem;
import fr.sante.dmp.problem.ProblemType;
import fr.sante.dmp.consent.Actor;
import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.pwa.documents.Download;
import fr.sante.dmp.pwa.web.Acting;
import fr.sante.dmp.pwa.web.Paths;
import fr.sante.dmp.pwa.web.Routes;
import fr.sante.dmp.pwa.web.PageRenderer;
import io.vertx.core.http.HttpMethod;
import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.patient.history.AccessHistoryPage;
import fr.sante.dmp.store.patient.directives.AdvanceDirective;
import fr.sante.dmp.store.patient.history.HistoryFilter;
import fr.sante.dmp.store.patient.overview.PatientOverview;
import fr.sante.dmp.store.patient.PatientServices;
import fr.sante.dmp.store.record.DocumentSummary;
import fr.sante.dmp.store.record.RecordService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The whole record as one ZIP ({@code GET /api/v1/me/export}, and the profile page's button): the FHIR R4 Bundle of
 * the profile, the documents' metadata, the directives and the access history ({@link FhirExport#ENTRY}), then every
 * document the door lets this session read, decrypted, under {@code documents/}.
 *
 * <p>The export is audited ({@code EXPORT_RECORD}, in the access history) before anything is read; each document is
 * then read through {@link RecordService#readDocument}, decided and audited like any read by the person (or by their
 * representative, with what is kept from representatives left out). The archive is streamed: the answer is chunked,
 * each document is compressed on a worker of the export pool and written before the next is read, and the next read
 * waits for the previous write to reach the socket, so memory holds at most one document and its compressed form,
 * whatever the size of the record. A failure once the first bytes are sent resets the connection: the client sees a
 * broken download, never a shorter archive that looks whole. The answer is 200 {@code application/zip}; the contract's
 * other answer (202 with where to fetch it) is kept for a future archive built ahead of time.
 */
public final class RecordExports {
    /** Exports built at once by this process (2 cores: one compressing while one waits for the database). */
    static final int AT_ONCE = 2;
    /** The access history's depth in an export, as in the history's pages and CSV. */
    static final int HISTORY_DEPTH = 10_000;
    private static final int HISTORY_PAGE = 100;
    private static final ZoneId FRANCE = ZoneId.of("Europe/Paris");

    private final PageRenderer views;
    private final PatientServices patients;
    private final RecordService records;
    private final FhirExport fhir;
    private final WorkerExecutor workers;
    private final ExportGate gate;
    private final Clock clock;

    public RecordExports(Vertx vertx, PageRenderer views, PatientServices patients, RecordService records, FhirExport fhir,
                         Clock clock) {
        this.views = views;
        this.patients = patients;
        this.records = records;
        this.fhir = fhir;
        this.workers = vertx.createSharedWorkerExecutor("dmp-export", AT_ONCE);
        this.gate = new ExportGate(AT_ONCE);
        this.clock = clock;
    }

    /**
     * {@code GET /api/v1/me/export} (bearer) and the profile page's form ({@code POST}, CSRF: a download the person
     * asked for, not a link another site can fire).
     */
    public void mount(Routes routes) {
        routes.api(HttpMethod.GET, "/export", true, ctx -> send(ctx, Acting.on(ctx, patients), Acting.actor(ctx))
                .recover(e -> e instanceof Busy
                        ? PageRenderer.problem(ctx, new Problem(ProblemType.TOO_MANY_EXPORTS,
                                "An export of this record is running, or too many are: try again in "
                                        + Busy.RETRY_AFTER_SECONDS + " seconds", Optional.empty(), Optional.empty(),
                                Optional.of((long) Busy.RETRY_AFTER_SECONDS)))
                        : Future.failedFuture(e)));
        routes.signedIn(HttpMethod.POST, Paths.PROFILE_EXPORT, ctx -> send(ctx, Acting.on(ctx, patients),
                Acting.actor(ctx)).recover(e -> e instanceof Busy
                        ? views.send(withRetryAfter(ctx), 429, "pages/error.jte", views.page(ctx, null),
                                "titleKey", "export.busy.title", "textKey", "export.busy.text")
                        : Future.failedFuture(e)));
    }

    private static RoutingContext withRetryAfter(RoutingContext ctx) {
        ctx.response().putHeader("Retry-After", Integer.toString(Busy.RETRY_AFTER_SECONDS));
        return ctx;
    }

    /** The refusal when {@link #send} finds no room: the caller answers it as a problem (API) or a page. */
    public static final class Busy extends RuntimeException {
        public static final int RETRY_AFTER_SECONDS = 30;

        Busy() {
            super("too many exports at once", null, false, false);
        }
    }

    /**
     * Streams the export of {@code actor}'s record to this request's response, with {@code patients} as that actor
     * may use them. Fails with {@link Busy} (nothing done, nothing audited) past the gate.
     */
    public Future<Void> send(RoutingContext ctx, PatientServices patients, Actor.Patient actor) {
        Ins ins = actor.ins();
        if (!gate.tryAcquire(ins)) {
            return Future.failedFuture(new Busy());
        }
        Future<Void> done;
        try {
            done = patients.lifecycle().recordExport(ins)
                    .compose(v -> gather(patients, actor))
                    .compose(record -> stream(ctx.response(), actor, record));
        } catch (RuntimeException e) {
            done = Future.failedFuture(e);
        }
        return done.onComplete(x -> gate.release(ins));
    }

    private Future<ExportedRecord> gather(PatientServices patients, Actor.Patient actor) {
        Ins ins = actor.ins();
        Instant at = clock.instant();
        Future<PatientOverview> overview = patients.overview().overview(ins);
        Future<List<DocumentSummary>> documents = records.listDocuments(actor, ins);
        // The door refuses a representative the directives: the export holds what this session may read.
        Future<List<AdvanceDirective>> directives = patients.directives().directivesHistory(ins)
                .recover(e -> e instanceof RecordException.AccessDenied
                        ? Future.succeededFuture(List.of()) : Future.failedFuture(e));
        Future<History> history = history(patients, ins, 0, new ArrayList<>());
        return Future.all(overview, documents, directives, history).map(all -> {
            Map<UUID, String> paths = new LinkedHashMap<>();
            int n = 1;
            for (DocumentSummary d : documents.result()) {
                paths.put(d.id(), String.format("documents/%03d-%s", n++, Download.fileName(d)));
            }
            return new ExportedRecord(ins, overview.result(), documents.result(), paths, directives.result(),
                    history.result().entries(), history.result().truncated(), at);
        });
    }

    /** The history's entries, newest first, down to the depth; {@code truncated} when there are more. */
    private record History(List<AccessHistoryPage.Entry> entries, boolean truncated) {
    }

    private static Future<History> history(PatientServices patients, Ins ins, int page,
                                           List<AccessHistoryPage.Entry> into) {
        return patients.history().accessHistory(ins, HistoryFilter.ALL, page, HISTORY_PAGE).compose(p -> {
            into.addAll(p.entries());
            if (!p.hasNext() || into.size() >= HISTORY_DEPTH) {
                return Future.succeededFuture(new History(into, p.hasNext()));
            }
            return history(patients, ins, page + 1, into);
        });
    }

    private Future<Void> stream(HttpServerResponse response, Actor.Patient actor, ExportedRecord record) {
        PageRenderer.noStore(response);
        String name = "dossier-medical-" + record.exportedAt().atZone(FRANCE).toLocalDate() + ".zip";
        response.setChunked(true).setStatusCode(200)
                .putHeader("Content-Type", "application/zip")
                .putHeader("Content-Disposition", "attachment; filename=\"" + name + "\"")
                .putHeader("Content-Security-Policy", Download.CSP)
                .putHeader("X-Content-Type-Options", "nosniff");
        Chunks chunks = new Chunks();
        ZipOutputStream zip = new ZipOutputStream(chunks);
        Future<Void> written = onWorker(chunks, () -> {
            zip.putNextEntry(entry(FhirExport.ENTRY, record.exportedAt()));
            fhir.write(record, zip);
            zip.closeEntry();
        }).compose(response::write);
        for (DocumentSummary d : record.documents()) {
            String path = record.documentPaths().get(d.id());
            written = written.compose(v -> records.readDocument(actor, d.id()))
                    .compose(doc -> onWorker(chunks, () -> {
                        zip.putNextEntry(entry(path, d.depositedAt()));
                        zip.write(doc.content());
                        zip.closeEntry();
                    }))
                    .compose(response::write);
        }
        return written.compose(v -> onWorker(chunks, zip::finish))
                .compose(response::end)
                .onFailure(e -> {
                    if (!response.ended() && response.headWritten()) {
                        response.reset(); // never a shorter archive that looks whole
                    }
                });
    }

    private static ZipEntry entry(String path, Instant at) {
        ZipEntry e = new ZipEntry(path);
        e.setTime(at.toEpochMilli());
        return e;
    }

    @FunctionalInterface
    private interface ZipStep {
        void run() throws Exception;
    }

    /** Runs a step of the ZIP on the export pool; returns the bytes it produced. */
    private Future<Buffer> onWorker(Chunks chunks, ZipStep step) {
        return workers.executeBlocking(() -> {
            step.run();
            return chunks.take();
        }, false);
    }

    /** The ZIP's output between two writes to the response: one document's compressed bytes at most. */
    private static final class Chunks extends OutputStream {
        private Buffer pending = Buffer.buffer();

        @Override
        public void write(int b) {
            pending.appendByte((byte) b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            pending.appendBytes(b, off, len);
        }

        Buffer take() {
            Buffer out = pending;
            pending = Buffer.buffer();
            return out;
        }
    }
}
