package fr.sante.dmp.store.carehistory;

import fr.sante.dmp.consent.Actor;
import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.store.StoreKernel;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.util.Iterator;
import java.util.List;

/**
 * The insurer-fed care history (issue 7): the only way to write or read it. Every read asks the consent engine's
 * care-history rules and appends its audit entry (acknowledged before anything is decrypted for the reply); the
 * patient's choices are audited in the same transaction as the change. Failures are
 * {@link fr.sante.dmp.store.RecordException}s (NotFound, AccessDenied with the rule, Invalid, Unavailable).
 */
public interface CareHistoryService {

    /**
     * The care history on the store's kernel ({@code DocumentStore.careHistory}): its migrations ran at the store's
     * start-up; the month partitions of the current window are created.
     */
    static Future<CareHistoryService> on(StoreKernel kernel, CareHistoryOptions options) {
        return PgCareHistoryService.start(kernel, options);
    }

    /**
     * Feeds NDJSON lines (one reimbursed act or drug per line, format in docs/care-history.md) streamed from
     * {@code ndjson} (e.g. an HTTP request body: pass it before any of it was read). Streaming with back-pressure,
     * constant memory, idempotent by line id; rejected lines are reported and never stop the batch. Fails with
     * AccessDenied ({@code care-history-feeder-only}) unless {@code feeder} has the category {@code insurer-feed}.
     */
    Future<FeedReport> feed(Actor.Professional feeder, ReadStream<Buffer> ndjson);

    /** The same from lines pulled on a worker thread (a file's lines for {@code ./dmp feed FILE}). */
    Future<FeedReport> feed(Actor.Professional feeder, Iterator<String> ndjson);

    /** The lines this professional may see, newest first (quarantine, hidden and sensitive lines applied); audited. */
    Future<List<CareHistoryLine>> forProfessional(Actor.Professional actor, Ins ins);

    /** Emergency access (break-glass, flagged in the audit): an opened history only; the reason is required. */
    Future<List<CareHistoryLine>> forProfessionalInEmergency(Actor.Professional actor, Ins ins, String reason);

    /** The patient's whole history inside the window, newest first (the page groups by month); audited. */
    Future<List<CareHistoryLine>> forPatient(Ins ins);

    /**
     * A person's history as their representative sees it in the person's space: everything but the lines
     * confidential from representatives (a minor's secret care, L1111-5, R1111-33), audited as the representative.
     * {@code representative} must come from {@code Representations.authorise} for this request (the link in force).
     */
    Future<List<CareHistoryLine>> forRepresentative(Actor.Patient representative);

    /**
     * The patient hides a line from every professional ({@code hidden = true}) or shows it ({@code false}: this also
     * lets a line flagged sensitive reach the professionals who see the history). NotFound if no such line in the
     * window.
     */
    Future<Void> setLineHidden(Ins ins, String lineId, boolean hidden);

    /** The patient opens the history to all professionals allowed on the record, or puts it back in quarantine. */
    Future<Void> setOpenToProfessionals(Ins ins, boolean open);

    /**
     * The rolling-window purge, driven by the store's clock: drops whole months outside the window, deletes the rest of
     * the straddling month {@code batchSize} lines per statement, and creates the coming months' partitions. Schedule
     * it daily; it is idempotent.
     */
    Future<PurgeReport> purgeOlderThan24Months(int batchSize);

    Future<Void> close();
}
