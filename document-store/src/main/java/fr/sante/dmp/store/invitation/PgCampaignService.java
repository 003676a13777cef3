package fr.sante.dmp.store.invitation;

import fr.sante.dmp.store.ServiceFailures;
import fr.sante.dmp.notify.outbox.Outbox;
import fr.sante.dmp.notify.outbox.OutboxStatus;
import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.access.AccessDoor;
import fr.sante.dmp.store.crypto.Envelope;
import fr.sante.dmp.store.crypto.InsHasher;
import fr.sante.dmp.store.patient.login.InvitationCodes;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.streams.ReadStream;
import io.vertx.core.streams.WriteStream;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Campaigns on PostgreSQL, messages through the notifications outbox in the same transactions. */
public final class PgCampaignService implements CampaignService {
    private static final Logger LOG = LoggerFactory.getLogger(PgCampaignService.class);
    static final int REPORT_PAGE = 1000;

    private final Vertx vertx;
    private final Pool pool;
    private final Outbox outbox;
    private final ImportBatch batches;
    private final CohortParser parser;
    private final Reinvitations reinvitations;
    private final InvitationOptions options;
    private final Clock clock;

    public PgCampaignService(Vertx vertx, Pool pool, Outbox outbox, Envelope envelope, InsHasher insHasher,
                             InvitationCodes codes, AccessDoor door, InvitationOptions options, Clock clock) {
        this.vertx = vertx;
        this.pool = pool;
        this.outbox = outbox;
        this.batches = new ImportBatch(vertx, pool, outbox, envelope, insHasher, codes, door,
                options.oppositionUrl());
        this.parser = new CohortParser(clock, options.fictionNumbers());
        this.reinvitations = new Reinvitations(pool, outbox, envelope, codes, door, options, clock);
        this.options = options;
        this.clock = clock;
    }

    @Override
    public Future<CampaignSummary> importCohort(String operator, ReadStream<Buffer> csv) {
        if (operator == null || operator.isBlank()) {
            return Future.failedFuture(new RecordException.Invalid("operator", "is required"));
        }
        // Nothing may arrive before the campaign row exists; the parser resumes the stream.
        csv.pause();
        UUID id = UUID.randomUUID();
        return guarded(() -> pool.preparedQuery(InvitationSql.INSERT_CAMPAIGN)
                .execute(Tuple.of(id, operator, ImportBatch.time(clock.instant().truncatedTo(ChronoUnit.MICROS))))
                .compose(v -> {
                    LOG.info("campaign {} import started", id);
                    return new CohortImport(batches, parser, clock, operator, id, options.importBatch(),
                            options.importInFlight()).run(csv);
                })
                .compose(summary -> finish(id, "IMPORTED").map(summary))
                .onSuccess(s -> LOG.info("campaign {} imported={} rejected={} skipped={}", id, s.imported(),
                        s.rejected(), s.skipped()))
                .recover(e -> finish(id, "FAILED").transform(ar -> Future.failedFuture(e))));
    }

    @Override
    public Future<Long> reinviteFailed(UUID campaignId) {
        return guarded(() -> pool.preparedQuery(InvitationSql.CAMPAIGN).execute(Tuple.of(campaignId))
                .compose(rows -> rows.size() == 0 ? Future.failedFuture(new RecordException.NotFound("campaign"))
                        : reinvitations.failed(campaignId))
                .onSuccess(n -> LOG.info("campaign {} re-invited={}", campaignId, n)));
    }

    @Override
    public Future<ReturnedLetters.Report> recordReturnedLetters(Path file) {
        return guarded(() -> new ReturnedLetters(vertx, pool, outbox, clock).record(file)
                .recover(e -> e instanceof java.io.IOException
                        ? Future.failedFuture(new RecordException.Invalid("file", "cannot be read"))
                        : Future.failedFuture(e))
                .onSuccess(r -> LOG.info("returned letters: lines={} returned={} unmatched={} withdrawn={} "
                        + "alreadyOpen={} refused={}", r.lines(), r.returned(), r.unmatched(), r.withdrawn(),
                        r.alreadyOpen(), r.refused().size())));
    }

    @Override
    public Future<CampaignSummary> importFile(String operator, Path csv) {
        return vertx.fileSystem().open(csv.toString(), new OpenOptions().setRead(true).setWrite(false))
                .recover(e -> Future.failedFuture(new RecordException.Invalid("file", "cannot be read")))
                .compose(file -> importCohort(operator, file).eventually(file::close));
    }

    private Future<Void> finish(UUID id, String status) {
        return pool.preparedQuery(InvitationSql.FINISH)
                .execute(Tuple.of(id, status, ImportBatch.time(clock.instant()))).mapEmpty();
    }

    @Override
    public Future<List<CampaignListing>> list(int limit) {
        return guarded(() -> pool.preparedQuery(InvitationSql.LIST).execute(Tuple.of(limit)).map(rows -> {
            List<CampaignListing> out = new ArrayList<>(rows.size());
            for (Row r : rows) {
                OffsetDateTime finished = r.getOffsetDateTime("finished_at");
                out.add(new CampaignListing(r.getUUID("id"), r.getString("status"), r.getString("operator"),
                        r.getOffsetDateTime("created_at").toInstant(), finished == null ? null : finished.toInstant(),
                        r.getLong("imported"), r.getLong("rejected"), r.getLong("skipped")));
            }
            return out;
        }));
    }

    @Override
    public Future<CampaignProgress> progress(UUID campaignId) {
        return guarded(() -> {
            Future<Row> campaign = pool.preparedQuery(InvitationSql.CAMPAIGN).execute(Tuple.of(campaignId))
                    .compose(rows -> rows.size() == 0
                            ? Future.failedFuture(new RecordException.NotFound("campaign"))
                            : Future.succeededFuture(rows.iterator().next()));
            Future<Row> records = pool.preparedQuery(InvitationSql.CAMPAIGN_RECORDS).execute(Tuple.of(campaignId))
                    .map(rows -> rows.iterator().next());
            Future<Map<OutboxStatus, Long>> messages = outbox.countsByGroup(pool, Campaigns.groupKey(campaignId));
            return Future.all(campaign, records, messages).map(v -> {
                Row c = campaign.result();
                Row r = records.result();
                Map<OutboxStatus, Long> m = messages.result();
                return new CampaignProgress(campaignId, c.getString(0), c.getLong(1), c.getLong(2), c.getLong(3),
                        m.get(OutboxStatus.QUEUED) + m.get(OutboxStatus.SENDING), m.get(OutboxStatus.SENT),
                        m.get(OutboxStatus.DELIVERED), m.get(OutboxStatus.FAILED) + m.get(OutboxStatus.DEAD),
                        r.getLong(0), r.getLong(1));
            });
        });
    }

    @Override
    public Future<List<CampaignDay>> daily(UUID campaignId) {
        return guarded(() -> pool.preparedQuery(InvitationSql.DAILY).execute(Tuple.of(campaignId)).map(rows -> {
            List<CampaignDay> out = new ArrayList<>(rows.size());
            for (Row r : rows) {
                out.add(new CampaignDay(r.getLocalDate(0), r.getLong(1), r.getLong(2), r.getLong(3), r.getLong(4)));
            }
            return out;
        }));
    }

    @Override
    public Future<List<Rejection>> rejections(UUID campaignId, long afterLine, String afterField, int limit) {
        return guarded(() -> pool.preparedQuery(InvitationSql.REJECTIONS_PAGE)
                .execute(Tuple.of(campaignId, afterLine, afterField == null ? "" : afterField, limit))
                .map(rows -> {
                    List<Rejection> out = new ArrayList<>(rows.size());
                    for (Row r : rows) {
                        out.add(new Rejection(r.getLong(0), r.getString(1), r.getString(2)));
                    }
                    return out;
                }));
    }

    @Override
    public Future<Void> writeRejectionReport(UUID campaignId, WriteStream<Buffer> out) {
        return progress(campaignId).compose(p -> out.write(Buffer.buffer(Rejection.CSV_HEADER + "\n")))
                .compose(v -> page(campaignId, out, 0, ""));
    }

    private Future<Void> page(UUID campaignId, WriteStream<Buffer> out, long afterLine, String afterField) {
        return rejections(campaignId, afterLine, afterField, REPORT_PAGE).compose(page -> {
            if (page.isEmpty()) {
                return Future.succeededFuture();
            }
            StringBuilder sb = new StringBuilder(page.size() * 48);
            for (Rejection r : page) {
                sb.append(r.toCsv()).append('\n');
            }
            Rejection last = page.get(page.size() - 1);
            // write() completes when the bytes are handed over: one page in memory at a time.
            return out.write(Buffer.buffer(sb.toString().getBytes(StandardCharsets.UTF_8)))
                    .compose(v -> page.size() < REPORT_PAGE ? Future.succeededFuture()
                            : page(campaignId, out, last.line(), last.field()));
        });
    }

    /** Domain errors pass; anything else (database down) is Unavailable: fail closed, no details. */
    static <T> Future<T> guarded(Supplier<Future<T>> call) {
        return ServiceFailures.guarded("campaign store unavailable", call);
    }

}
