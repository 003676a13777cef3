package fr.sante.dmp.store.carehistory;

import fr.sante.dmp.store.ServiceFailures;
import fr.sante.dmp.consent.Actor;
import fr.sante.dmp.consent.ConsentEngine;
import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.consent.PatientSpaceRole;
import fr.sante.dmp.consent.Purpose;
import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.StoreKernel;
import fr.sante.dmp.store.crypto.CareLineSealer;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** The care history on PostgreSQL: wiring, and the purge job. */
final class PgCareHistoryService implements CareHistoryService {
    static final int CACHED_KEYS = 10_000;
    static final int MIN_REASON = 10;

    private final Pool pool;
    private final ConsentEngine consent;
    private final Clock clock;
    private final Partitions partitions;
    private final CareHistoryFeed feed;
    private final CareHistoryReads reads;
    private final PatientChoices choices;

    PgCareHistoryService(StoreKernel kernel, CareHistoryOptions options) {
        this.pool = kernel.pool();
        this.consent = kernel.consent();
        this.clock = kernel.clock();
        this.partitions = new Partitions(pool, options.hashPartitions());
        CareLineSealer sealer = new CareLineSealer();
        this.feed = new CareHistoryFeed(kernel, sealer, options, partitions);
        this.reads = new CareHistoryReads(kernel, sealer);
        this.choices = new PatientChoices(kernel);
    }

    /** The care history on the store's kernel (its migrations ran with the store's); its month partitions ensured. */
    static Future<CareHistoryService> start(StoreKernel kernel, CareHistoryOptions options) {
        PgCareHistoryService service = new PgCareHistoryService(kernel, options);
        Clock clock = kernel.clock();
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        return service.partitions.ensure(kernel.consent().careHistoryCutoff(clock.instant()), today)
                .map(created -> service);
    }

    @Override
    public Future<FeedReport> feed(Actor.Professional feeder, ReadStream<Buffer> ndjson) {
        return guarded(() -> feed.feed(feeder, ndjson));
    }

    @Override
    public Future<FeedReport> feed(Actor.Professional feeder, Iterator<String> ndjson) {
        return guarded(() -> feed.feed(feeder, ndjson));
    }

    @Override
    public Future<List<CareHistoryLine>> forProfessional(Actor.Professional actor, Ins ins) {
        return guarded(() -> reads.read(actor, PatientSpaceRole.HOLDER, ins, Purpose.CARE, Optional.empty()));
    }

    @Override
    public Future<List<CareHistoryLine>> forProfessionalInEmergency(Actor.Professional actor, Ins ins, String reason) {
        if (reason == null || reason.strip().length() < MIN_REASON) {
            return Future.failedFuture(new RecordException.Invalid("reason",
                    "must be at least " + MIN_REASON + " characters"));
        }
        return guarded(() -> {
            fr.sante.dmp.store.Text.lines("reason", reason);
            return reads.read(actor, PatientSpaceRole.HOLDER, ins, Purpose.BREAK_GLASS, Optional.of(reason.strip()));
        });
    }

    @Override
    public Future<List<CareHistoryLine>> forPatient(Ins ins) {
        return guarded(() -> reads.read(new Actor.Patient(ins), PatientSpaceRole.HOLDER, ins, Purpose.CARE,
                Optional.empty()));
    }

    @Override
    public Future<List<CareHistoryLine>> forRepresentative(Actor.Patient representative) {
        if (!representative.byRepresentative()) {
            return Future.failedFuture(new IllegalArgumentException("not a representative"));
        }
        return guarded(() -> reads.read(representative, PatientSpaceRole.LEGAL_REPRESENTATIVE, representative.ins(),
                Purpose.CARE, Optional.empty()));
    }

    @Override
    public Future<Void> setLineHidden(Ins ins, String lineId, boolean hidden) {
        if (lineId == null || lineId.isBlank() || lineId.length() > 64) {
            return Future.failedFuture(new RecordException.Invalid("lineId", "required, at most 64 characters"));
        }
        try { // a NUL reached PostgreSQL, which refused it: a 503 "unavailable" for the client's mistake
            fr.sante.dmp.store.Text.line("lineId", lineId);
        } catch (RecordException.Invalid e) {
            return Future.failedFuture(e);
        }
        return guarded(() -> choices.setLineHidden(ins, lineId.strip(), hidden));
    }

    @Override
    public Future<Void> setOpenToProfessionals(Ins ins, boolean open) {
        return guarded(() -> choices.setOpen(ins, open));
    }

    @Override
    public Future<PurgeReport> purgeOlderThan24Months(int batchSize) {
        if (batchSize < 1) {
            return Future.failedFuture(new RecordException.Invalid("batchSize", "must be positive"));
        }
        LocalDate cutoff = consent.careHistoryCutoff(clock.instant());
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        return guarded(() -> partitions.dropBefore(cutoff)
                .compose(dropped -> deleteInBatches(cutoff, batchSize, 0)
                        .compose(deleted -> partitions.ensure(cutoff, today)
                                .map(created -> new PurgeReport(cutoff, dropped, deleted, created)))));
    }

    /** One short statement per batch, so the purge never holds long locks nor a huge transaction. */
    private Future<Long> deleteInBatches(LocalDate cutoff, int batchSize, long sofar) {
        return pool.preparedQuery(CareHistorySql.DELETE_OLD_BATCH)
                .execute(io.vertx.sqlclient.Tuple.of(cutoff, batchSize))
                .compose(rs -> rs.rowCount() < batchSize ? Future.succeededFuture(sofar + rs.rowCount())
                        : deleteInBatches(cutoff, batchSize, sofar + rs.rowCount()));
    }

    @Override
    public Future<Void> close() {
        // The pool is the store's: it closes with the store.
        return Future.succeededFuture();
    }

    private static <T> Future<T> guarded(Supplier<Future<T>> call) {
        return ServiceFailures.guarded("care history unavailable", call);
    }
}
