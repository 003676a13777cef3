package fr.sante.dmp.store.invitation;

import fr.sante.dmp.notify.outbox.Outbox;
import fr.sante.dmp.store.RecordException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * Letters the mail house sent back undelivered ({@code ./dmp campaign returned FILE.csv}). The file is the mail house's
 * list of returns, {@code reference,reason}: the reference printed at the foot of each page (the outbox message id,
 * also in the batch's manifest) and La Poste's reason as a code ({@link #REASONS}). Each returned letter becomes FAILED
 * in the outbox ({@link Outbox#markLettersReturned}). An invitation that reached nobody after all (its SMS and e-mail,
 * if any, failed too) was not an invitation: the person was never told, so the window the letter opened is withdrawn
 * (record INVITED without deadline again, the invitation not sent) and {@code ./dmp campaign reinvite ID --failed}
 * picks it up, by another channel when there is one. A record already opened (the return came after the deadline and
 * the activation) stays as it is and is counted. One transaction per batch of {@link #BATCH} lines.
 */
public final class ReturnedLetters {
    static final int BATCH = 1_000;
    /** A file of returns is days of a mail house's work; more than this is split by the operator. */
    static final int MAX_LINES = 100_000;
    /** La Poste's return reasons: not living at the address, address incomplete, refused, deceased, other. */
    static final Set<String> REASONS = Set.of("npai", "adresse-incomplete", "refuse", "decede", "autre");
    static final String HEADER = "reference,reason";

    /**
     * Withdraws the send of invitations whose returned letter was their last hope: every other message failed too and
     * the record is still INVITED. $1 the returned letters, $2 now. Returns each reopened invitation's campaign.
     */
    private static final String WITHDRAW_SEND = ("WITH touched AS (SELECT ci.record_id FROM campaign_invitation ci "
            + "JOIN record r ON r.id = ci.record_id WHERE ci.letter_message = ANY($1) AND ci.sent_at IS NOT NULL "
            + "AND r.state = 'INVITED' "
            + "AND (ci.sms_message IS NULL OR ci.sms_message IN (SELECT id FROM %1$s)) "
            + "AND (ci.email_message IS NULL OR ci.email_message IN (SELECT id FROM %1$s)) FOR UPDATE OF ci, r), "
            + "unsent AS (UPDATE campaign_invitation ci SET sent_at = NULL FROM touched t "
            + "WHERE ci.record_id = t.record_id RETURNING ci.record_id, ci.campaign_id), "
            + "records AS (UPDATE record r SET invited_at = NULL, opposition_deadline = NULL, updated_at = $2 "
            + "FROM unsent u WHERE r.id = u.record_id RETURNING r.id) "
            + "SELECT u.campaign_id FROM unsent u JOIN records r ON r.id = u.record_id")
            .formatted(Outbox.FAILED_VIEW);
    /** Returned letters whose record was opened already (nothing withdrawn). $1 the returned letters. */
    private static final String ALREADY_OPEN = "SELECT count(*) FROM campaign_invitation ci JOIN record r "
            + "ON r.id = ci.record_id WHERE ci.letter_message = ANY($1) AND r.state <> 'INVITED'";

    /**
     * What a file did: its lines, letters marked returned, references that matched no sent letter (unknown, not a
     * letter, or already recorded), invitations whose send was withdrawn and their campaigns (to re-invite), letters of
     * records already open, and the refused lines (line, field, reason; never the value).
     */
    public record Report(long lines, long returned, long unmatched, long withdrawn, Set<UUID> campaigns, long alreadyOpen,
                  List<Rejection> refused) {
    }

    private record Returned(UUID reference, String reason) {
    }

    private final Vertx vertx;
    private final Pool pool;
    private final Outbox outbox;
    private final Clock clock;

    ReturnedLetters(Vertx vertx, Pool pool, Outbox outbox, Clock clock) {
        this.vertx = vertx;
        this.pool = pool;
        this.outbox = outbox;
        this.clock = clock;
    }

    Future<Report> record(Path file) {
        List<Rejection> refused = new ArrayList<>();
        return vertx.executeBlocking(() -> read(file, refused)).compose(returns -> {
            Report empty = new Report(0, 0, 0, 0, new LinkedHashSet<>(), 0, refused);
            Future<Report> done = Future.succeededFuture(empty);
            for (int from = 0; from < returns.size(); from += BATCH) {
                List<Returned> batch = returns.subList(from, Math.min(returns.size(), from + BATCH));
                done = done.compose(so -> batch(batch).map(b -> add(so, b)));
            }
            long lines = returns.size() + refused.stream().mapToLong(Rejection::line).distinct().count();
            return done.map(r -> new Report(lines, r.returned(), r.unmatched(), r.withdrawn(), r.campaigns(),
                    r.alreadyOpen(), refused));
        });
    }

    private Future<Report> batch(List<Returned> batch) {
        List<UUID> ids = batch.stream().map(Returned::reference).toList();
        List<String> reasons = batch.stream().map(Returned::reason).toList();
        return pool.withTransaction(tx -> outbox.markLettersReturned(tx, ids, reasons).compose(returned -> {
            UUID[] array = returned.toArray(new UUID[0]);
            OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
            // One row per invitation whose send was withdrawn, naming its campaign.
            Future<List<UUID>> withdrawn = tx.preparedQuery(WITHDRAW_SEND)
                    .execute(Tuple.tuple().addArrayOfUUID(array).addOffsetDateTime(now)).map(rows -> {
                        List<UUID> c = new ArrayList<>(rows.size());
                        for (Row r : rows) {
                            c.add(r.getUUID(0));
                        }
                        return c;
                    });
            Future<Long> open = withdrawn.compose(c -> tx.preparedQuery(ALREADY_OPEN)
                    .execute(Tuple.tuple().addArrayOfUUID(array)).map(rows -> rows.iterator().next().getLong(0)));
            return open.map(o -> new Report(batch.size(), returned.size(), batch.size() - returned.size(),
                    withdrawn.result().size(), new LinkedHashSet<>(withdrawn.result()), o, List.of()));
        })).recover(e -> e instanceof RecordException ? Future.failedFuture(e)
                : Future.failedFuture(new RecordException.Unavailable("record store unavailable", e)));
    }

    private static Report add(Report a, Report b) {
        Set<UUID> campaigns = new LinkedHashSet<>(a.campaigns());
        campaigns.addAll(b.campaigns());
        return new Report(a.lines() + b.lines(), a.returned() + b.returned(), a.unmatched() + b.unmatched(),
                a.withdrawn() + b.withdrawn(), campaigns, a.alreadyOpen() + b.alreadyOpen(), List.of());
    }

    /** The file's valid lines; the others into {@code refused} by line and field. Blocking: a worker thread. */
    static List<Returned> read(Path file, List<Rejection> refused) throws IOException {
        List<Returned> out = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (header == null || !header.replace("\uFEFF", "").replace(" ", "").equalsIgnoreCase(HEADER)) {
                throw new RecordException.Invalid("file", "the first line must be the header " + HEADER);
            }
            long line = 1;
            for (String text = in.readLine(); text != null; text = in.readLine()) {
                line++;
                if (line - 1 > MAX_LINES) {
                    throw new RecordException.Invalid("file", "more than " + MAX_LINES + " returns: split the file");
                }
                if (text.isBlank()) {
                    continue;
                }
                String[] f = text.strip().split("\\s*,\\s*", -1);
                if (f.length != 2) {
                    refused.add(new Rejection(line, "line", "expected 2 fields, found " + f.length));
                    continue;
                }
                UUID reference = null;
                try {
                    reference = UUID.fromString(f[0]);
                } catch (IllegalArgumentException e) {
                    refused.add(new Rejection(line, "reference", "must be a letter's reference (a UUID)"));
                }
                String reason = f[1].toLowerCase(Locale.ROOT);
                if (!REASONS.contains(reason)) {
                    refused.add(new Rejection(line, "reason", "must be one of " + String.join(", ",
                            REASONS.stream().sorted().toList())));
                } else if (reference != null) {
                    out.add(new Returned(reference, reason));
                }
            }
        }
        return out;
    }
}
