package fr.sante.dmp.store.carehistory;

import fr.sante.dmp.store.ServiceFailures;
import fr.sante.dmp.consent.AccessRequest;
import fr.sante.dmp.consent.Action;
import fr.sante.dmp.consent.Actor;
import fr.sante.dmp.consent.ConsentEngine;
import fr.sante.dmp.consent.ConsentSettings;
import fr.sante.dmp.consent.Decision;
import fr.sante.dmp.consent.Purpose;
import fr.sante.dmp.consent.RecordState;
import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.audit.AuditAction;
import fr.sante.dmp.store.audit.AuditEvent;
import fr.sante.dmp.store.StoreKernel;
import fr.sante.dmp.store.access.AccessDoor;
import fr.sante.dmp.store.crypto.CareLineSealer;
import fr.sante.dmp.store.crypto.Envelope;
import fr.sante.dmp.store.crypto.InsHasher;
import fr.sante.dmp.store.carehistory.FeedReport.Reason;
import fr.sante.dmp.store.carehistory.NdjsonChunker.RawLine;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.SecretKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The insurer's bulk feed: NDJSON in, one chunk at a time (parse and validate on a worker, one query for the chunk's
 * records, the consent engine per line, seal on a worker, one INSERT for the chunk). Memory is bounded by a chunk;
 * a bad line is reported and never stops the batch; a replayed line is skipped by the primary key.
 */
final class CareHistoryFeed {
    private static final Logger LOG = LoggerFactory.getLogger(CareHistoryFeed.class);

    private final Vertx vertx;
    private final Pool pool;
    private final ConsentEngine consent;
    private final Envelope envelope;
    private final CareLineSealer sealer;
    private final InsHasher insHasher;
    private final AccessDoor door;
    private final Clock clock;
    private final CareHistoryOptions options;
    private final Partitions partitions;

    CareHistoryFeed(StoreKernel kernel, CareLineSealer sealer, CareHistoryOptions options, Partitions partitions) {
        this.vertx = kernel.vertx();
        this.pool = kernel.pool();
        this.consent = kernel.consent();
        this.envelope = kernel.envelope();
        this.sealer = sealer;
        this.insHasher = kernel.insHasher();
        this.door = kernel.door();
        this.clock = kernel.clock();
        this.options = options;
        this.partitions = partitions;
    }

    Future<FeedReport> feed(Actor.Professional feeder, ReadStream<Buffer> ndjson) {
        return start(feeder).compose(run -> NdjsonChunker.run(ndjson, options.chunkLines(), options.maxLineBytes(),
                run::chunk).compose(v -> run.finish()));
    }

    Future<FeedReport> feed(Actor.Professional feeder, Iterator<String> ndjson) {
        return start(feeder).compose(run -> pull(run, ndjson, 0).compose(v -> run.finish()));
    }

    /** The iterator may read a file: it is pulled on a worker, one chunk at a time. */
    private Future<Void> pull(Run run, Iterator<String> lines, long consumed) {
        return vertx.executeBlocking(() -> {
            List<RawLine> chunk = new ArrayList<>(options.chunkLines());
            long n = consumed;
            while (chunk.size() < options.chunkLines() && lines.hasNext()) {
                String text = lines.next();
                n++;
                if (text == null || text.isBlank()) {
                    continue;
                }
                chunk.add(new RawLine(n, text.length() > options.maxLineBytes() ? null : text.strip()));
            }
            return new Pulled(chunk, n);
        }, true).compose(p -> p.chunk.isEmpty() ? Future.succeededFuture()
                : run.chunk(p.chunk).compose(v -> pull(run, lines, p.consumed)));
    }

    private record Pulled(List<RawLine> chunk, long consumed) {
    }

    /** Checks the feeder's identity before reading a byte, and the month partitions for today's window. */
    private Future<Run> start(Actor.Professional feeder) {
        Instant now = clock.instant();
        Decision identity = door.decideCareHistoryFeed(request(feeder, RecordState.ACTIVE, now));
        if (identity.denied()) {
            return door.refuse(AuditEvent.of(now, feeder, AuditAction.FEED_CARE_HISTORY, null, null, identity), feeder,
                    identity);
        }
        LocalDate cutoff = consent.careHistoryCutoff(now);
        // One day of tolerance: the insurer dates care in French time, ahead of UTC.
        LocalDate latest = LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(1);
        return partitions.ensure(cutoff, latest).recover((e -> ServiceFailures.fail(e, "care history unavailable")))
                .map(v -> new Run(feeder, now, new LineParser(cutoff, latest)));
    }

    private static AccessRequest request(Actor.Professional feeder, RecordState state, Instant now) {
        return new AccessRequest(feeder, Action.DEPOSIT, state, ConsentSettings.DEFAULT, Purpose.CARE,
                Optional.empty(), now);
    }

    /** One feed call: its counters and bounded list of rejections. Used from one context at a time. */
    private final class Run {
        private final Actor.Professional feeder;
        private final Instant now;
        private final LineParser parser;
        private final Map<Reason, Long> byReason = new EnumMap<>(Reason.class);
        private final List<FeedReport.Rejection> details = new ArrayList<>();
        private long received;
        private long stored;
        private long duplicates;
        private boolean truncated;

        Run(Actor.Professional feeder, Instant now, LineParser parser) {
            this.feeder = feeder;
            this.now = now;
            this.parser = parser;
        }

        Future<Void> chunk(List<RawLine> raw) {
            received += raw.size();
            return vertx.executeBlocking(() -> parse(raw), false)
                    .compose(this::lookup)
                    .compose(this::insert);
        }

        /** On a worker: validation and INS hashing. */
        private Parsed parse(List<RawLine> raw) {
            List<FeedLine> valid = new ArrayList<>(raw.size());
            List<FeedReport.Rejection> rejected = new ArrayList<>();
            for (RawLine r : raw) {
                Object outcome = parser.parse(r.number(), r.text());
                if (outcome instanceof FeedLine line) {
                    valid.add(line);
                } else {
                    rejected.add((FeedReport.Rejection) outcome);
                }
            }
            List<byte[]> hashes = new ArrayList<>(valid.size());
            Map<Key, Integer> distinct = new HashMap<>();
            List<Buffer> lookup = new ArrayList<>();
            for (FeedLine line : valid) {
                byte[] h = insHasher.hash(line.ins());
                hashes.add(h);
                if (distinct.putIfAbsent(new Key(h), lookup.size()) == null) {
                    lookup.add(Buffer.buffer(h));
                }
            }
            return new Parsed(valid, hashes, rejected, lookup.toArray(new Buffer[0]));
        }

        /** On the event loop: the chunk's records in one query, then the consent engine per line. */
        private Future<Accepted> lookup(Parsed p) {
            if (p.valid.isEmpty()) {
                p.rejected.forEach(this::reject);
                return Future.succeededFuture(new Accepted(List.of(), List.of()));
            }
            return pool.preparedQuery(CareHistorySql.RECORDS_BY_HASH).execute(Tuple.of(p.lookup))
                    .recover((e -> ServiceFailures.fail(e, "care history unavailable")))
                    .map(rows -> {
                        Map<Key, Row> records = new HashMap<>(rows.size() * 2);
                        for (Row row : rows) {
                            records.put(new Key(row.getBuffer(0).getBytes()), row);
                        }
                        List<FeedLine> lines = new ArrayList<>(p.valid.size());
                        List<Row> owners = new ArrayList<>(p.valid.size());
                        List<FeedReport.Rejection> rejected = new ArrayList<>(p.rejected);
                        for (int i = 0; i < p.valid.size(); i++) {
                            FeedLine line = p.valid.get(i);
                            Row record = records.get(new Key(p.hashes.get(i)));
                            if (record == null) {
                                rejected.add(rejection(line, Reason.UNKNOWN_PATIENT, "ins: no record for this person"));
                                continue;
                            }
                            RecordState state = RecordState.valueOf(record.getString(2));
                            if (door.decideCareHistoryFeed(request(feeder, state, now)).denied()) {
                                rejected.add(rejection(line, Reason.RECORD_NOT_RECEIVING,
                                        "the record does not receive care history"));
                                continue;
                            }
                            lines.add(line);
                            owners.add(record);
                        }
                        // The report lists a chunk's rejections in input order, whichever step rejected them.
                        rejected.sort(java.util.Comparator.comparingLong(FeedReport.Rejection::lineNumber));
                        rejected.forEach(this::reject);
                        return new Accepted(lines, owners);
                    });
        }

        /** Seal on a worker, then one INSERT for the chunk. */
        private Future<Void> insert(Accepted a) {
            if (a.lines.isEmpty()) {
                return Future.succeededFuture();
            }
            int n = a.lines.size();
            return vertx.executeBlocking(() -> {
                UUID[] records = new UUID[n];
                LocalDate[] dates = new LocalDate[n];
                Boolean[] sensitive = new Boolean[n];
                Boolean[] minor = new Boolean[n];
                String[] ids = new String[n];
                Buffer[] payloads = new Buffer[n];
                for (int i = 0; i < n; i++) {
                    FeedLine line = a.lines.get(i);
                    Row record = a.owners.get(i);
                    UUID recordId = record.getUUID(1);
                    SecretKey key = envelope.unwrap(recordId, record.getBuffer(3).getBytes());
                    records[i] = recordId;
                    dates[i] = line.dateOfCare();
                    sensitive[i] = line.sensitive();
                    minor[i] = line.minorConfidential();
                    ids[i] = line.lineId();
                    payloads[i] = Buffer.buffer(sealer.seal(key, recordId, line.lineId(), line.dateOfCare(),
                            line.payload()));
                }
                return Tuple.of(records, dates, sensitive, minor, ids, payloads);
            }, false).compose(tuple -> pool.preparedQuery(CareHistorySql.INSERT_LINES).execute(tuple))
                    .recover((e -> ServiceFailures.fail(e, "care history unavailable")))
                    .map(rs -> {
                        stored += rs.rowCount();
                        duplicates += n - rs.rowCount();
                        return null;
                    });
        }

        private void reject(FeedReport.Rejection r) {
            byReason.merge(r.reason(), 1L, Long::sum);
            if (details.size() < FeedReport.MAX_DETAILS) {
                details.add(r);
            } else {
                truncated = true;
            }
        }

        /** One audit entry per feed (per-line entries would double the volume of the national feed). */
        Future<FeedReport> finish() {
            long refused = byReason.getOrDefault(Reason.RECORD_NOT_RECEIVING, 0L);
            long rejected = byReason.values().stream().mapToLong(Long::longValue).sum() - refused;
            FeedReport report = new FeedReport(received, stored, duplicates, rejected, refused, byReason, details,
                    truncated);
            LOG.info("care-history feed: received={} stored={} duplicates={} rejected={} refused={}",
                    received, stored, duplicates, rejected, refused);
            Decision fed = door.decideCareHistoryFeed(request(feeder, RecordState.ACTIVE, now));
            return door.record(AuditEvent.of(clock.instant(), feeder, AuditAction.FEED_CARE_HISTORY, null, null, fed))
                    .recover((e -> ServiceFailures.fail(e, "care history unavailable"))).map(report);
        }

        private FeedReport.Rejection rejection(FeedLine line, Reason reason, String detail) {
            return new FeedReport.Rejection(line.lineNumber(), Optional.of(line.lineId()), reason, detail);
        }
    }

    private record Parsed(List<FeedLine> valid, List<byte[]> hashes, List<FeedReport.Rejection> rejected,
                          Buffer[] lookup) {
    }

    private record Accepted(List<FeedLine> lines, List<Row> owners) {
    }

    /** A byte[] usable as a map key. */
    private record Key(byte[] bytes) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && java.util.Arrays.equals(bytes, k.bytes);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(bytes);
        }
    }
}
