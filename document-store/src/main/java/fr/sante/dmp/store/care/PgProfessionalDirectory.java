package fr.sante.dmp.store.care;

import fr.sante.dmp.store.ServiceFailures;
import fr.sante.dmp.consent.Rpps;
import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.StoreKernel;
import fr.sante.dmp.store.audit.AuditAction;
import fr.sante.dmp.store.audit.AuditEvent;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/** The directory on PostgreSQL (table {@code professional_directory}, shared with {@link PgCareContextService}). */
final class PgProfessionalDirectory implements ProfessionalDirectory {
    /** Lines per chunk: one statement per chunk; two chunks at most in memory (one parsed while one is written). */
    static final int CHUNK_LINES = 5_000;
    /**
     * Statements writing one chunk at once, on as many connections: PostgreSQL's work of a chunk on two cores instead
     * of one (the import was bound by one backend: 27 s for 1 M lines on an idle 2-core box, JVM and backend each
     * below a core).
     */
    static final int WRITERS = 4;
    /** Search keys of repeated values kept during an import (a town or label is a few dozen bytes). */
    static final int MAX_KEPT_KEYS = 50_000;

    private final StoreKernel kernel;

    PgProfessionalDirectory(StoreKernel kernel) {
        this.kernel = kernel;
    }

    // ---- the import ----

    @Override
    public Future<DirectoryReport> importExtract(String operator, Iterator<String> lines) {
        return guarded(() -> {
            if (operator == null || operator.isBlank()) {
                throw new RecordException.Invalid("operator", "is required");
            }
            UUID load = UUID.randomUUID();
            Instant started = now();
            Run run = new Run();
            return kernel.vertx().executeBlocking(() -> DirectoryExtract.header(lines.hasNext() ? lines.next() : null),
                            true)
                    .compose(extract -> nameIndexBefore().compose(first -> kernel.pool()
                            .preparedQuery(DirectorySql.LOAD_STARTED)
                            .execute(Tuple.of(load, operator, time(started)))
                            .compose(done -> {
                                Promise<Void> loaded = Promise.promise();
                                step(run, extract, lines, pull(run, extract, lines), loaded);
                                return loaded.future();
                            })
                            // Built again whether the import ended well or not: searches need it.
                            .eventually(() -> first ? kernel.pool().query(DirectorySql.CREATE_NAME_INDEX).execute()
                                    : Future.succeededFuture())))
                    .compose(done -> finish(operator, load, run));
        });
    }

    /**
     * Readies the family-name index for an import; true for a first import (no row has a name yet), whose rows are
     * written without the index, built once at the end. Until then a name search reads the table, which a first
     * import is still filling anyway. An index missing from an earlier first import that stopped is built first.
     */
    private Future<Boolean> nameIndexBefore() {
        return kernel.pool().query(DirectorySql.NAME_INDEX_STATE).execute().compose(rows -> {
            Row state = rows.iterator().next();
            boolean named = state.getBoolean(0);
            boolean indexed = state.getBoolean(1);
            if (named) {
                return indexed ? Future.succeededFuture(false)
                        : kernel.pool().query(DirectorySql.CREATE_NAME_INDEX).execute().map(false);
            }
            return indexed ? kernel.pool().query(DirectorySql.DROP_NAME_INDEX).execute().map(true)
                    : Future.succeededFuture(true);
        });
    }

    /**
     * Writes a chunk while the next is read and parsed on a worker, and goes on once the chunk before it is written
     * (at most three chunks in memory); ends at the first empty chunk. A loop of callbacks,
     * not of composed futures: a chain of {@code compose} as long as the file kept every chunk reachable until the end
     * (measured: a 256 MiB heap did not hold a 1 M-line import).
     */
    private void step(Run run, DirectoryExtract extract, Iterator<String> lines, Future<Chunk> pending,
                      Promise<Void> loaded) {
        pending.onComplete(read -> {
            if (read.failed()) {
                loaded.fail(read.cause());
                return;
            }
            Chunk chunk = read.result();
            if (chunk.lines == 0) {
                Future.all(Arrays.asList(run.writing)).onComplete(all -> {
                    if (all.failed()) {
                        loaded.fail(all.cause());
                    } else {
                        loaded.complete();
                    }
                });
                return;
            }
            Future<Chunk> next = pull(run, extract, lines);
            write(run, chunk).onComplete(written -> {
                if (written.failed()) {
                    loaded.fail(written.cause());
                } else {
                    step(run, extract, lines, next, loaded);
                }
            });
        });
    }

    /** On a worker (ordered: one reader of the iterator at a time): reads, parses and folds one chunk. */
    private Future<Chunk> pull(Run run, DirectoryExtract extract, Iterator<String> lines) {
        return kernel.vertx().executeBlocking(() -> {
            Chunk chunk = new Chunk();
            long n = run.read;
            while (chunk.lines < CHUNK_LINES && lines.hasNext()) {
                String line = lines.next();
                n++;
                chunk.lines++;
                if (line.isBlank()) {
                    chunk.bad(n + 1, "empty");
                    continue;
                }
                DirectoryExtract.Parsed parsed = extract.parse(line);
                if (parsed instanceof DirectoryExtract.Entry e) {
                    chunk.entries++;
                    // A professional has one line per place of practice: the last one names the town.
                    chunk.byRpps.put(e.entry().rpps(), e.entry());
                } else if (parsed instanceof DirectoryExtract.Bad b) {
                    chunk.bad(n + 1, b.reason());
                } else {
                    chunk.skipped++;
                }
            }
            run.read = n;
            return chunk;
        }, true);
    }

    /** Queues the chunk's statements; completes once the chunk before it is written. */
    private Future<Void> write(Run run, Chunk chunk) {
        run.lines += chunk.lines;
        run.entries += chunk.entries;
        run.skipped += chunk.skipped;
        run.bad += chunk.bad;
        for (DirectoryReport.BadLine b : chunk.badLines) {
            if (run.badLines.size() < DirectoryReport.MAX_LISTED) {
                run.badLines.add(b);
            }
        }
        if (chunk.byRpps.isEmpty()) {
            return Future.all(List.of(run.writing)).mapEmpty();
        }
        // Split by RPPS across the writers: a professional's lines always go to the same one, which writes its parts
        // in the order of the chunks, so the last line of a professional still wins.
        List<Future<Void>> before = List.of(run.writing);
        List<List<DirectoryEntry>> parts = new ArrayList<>(WRITERS);
        for (int w = 0; w < WRITERS; w++) {
            parts.add(new ArrayList<>(chunk.byRpps.size() / WRITERS + 1));
        }
        for (DirectoryEntry e : chunk.byRpps.values()) {
            parts.get(Math.floorMod(e.rpps().hashCode(), WRITERS)).add(e);
        }
        for (int w = 0; w < WRITERS; w++) {
            List<DirectoryEntry> part = parts.get(w);
            if (!part.isEmpty()) {
                run.writing[w] = run.writing[w].compose(v -> upsert(run, part));
            }
        }
        return Future.all(before).mapEmpty();
    }

    private Future<Void> upsert(Run run, List<DirectoryEntry> entries) {
        int size = entries.size();
        String[][] columns = new String[12][size];
        int i = 0;
        for (DirectoryEntry e : entries) {
            columns[0][i] = e.rpps();
            columns[1][i] = e.professionCode();
            columns[2][i] = e.specialtyCode().orElse(null);
            columns[3][i] = e.title().orElse(null);
            columns[4][i] = e.familyName().orElse(null);
            columns[5][i] = e.givenName().orElse(null);
            columns[6][i] = e.professionLabel().orElse(null);
            columns[7][i] = e.specialtyLabel().orElse(null);
            columns[8][i] = e.town().orElse(null);
            String family = e.familyName().map(DirectoryExtract::searchKey).orElse(null);
            String given = e.givenName().map(DirectoryExtract::searchKey).orElse(null);
            columns[9][i] = family;
            columns[10][i] = given;
            columns[11][i] = searchKey(e, family, given, run.keys);
            i++;
        }
        Object[] args = new Object[13];
        args[0] = time(now());
        System.arraycopy(columns, 0, args, 1, 12);
        return kernel.pool().preparedQuery(DirectorySql.UPSERT).execute(Tuple.from(args))
                .map(rows -> {
                    run.changed += rows.rowCount();
                    return null;
                });
    }

    private Future<DirectoryReport> finish(String operator, UUID load, Run run) {
        Instant at = now();
        return kernel.pool().withTransaction(tx -> tx.preparedQuery(DirectorySql.LOAD_FINISHED)
                        .execute(Tuple.from(new Object[] {load, time(at), run.lines, run.entries, run.changed,
                            run.skipped, run.bad}))
                        .compose(done -> kernel.door().record(tx, AuditEvent.operator(at, operator,
                                AuditAction.IMPORT_DIRECTORY, null, "directory-imported"))))
                .map(seq -> new DirectoryReport(run.lines, run.entries, run.changed, run.skipped, run.bad,
                        List.copyOf(run.badLines)));
    }

    /** Counters of one import, touched on the event loop only (except {@code read}, by the ordered worker). */
    private static final class Run {
        /** Each writer's last statement: the next part of the same writer goes after it. */
        @SuppressWarnings("unchecked")
        final Future<Void>[] writing = new Future[WRITERS];
        /** Search keys of titles, towns and labels seen (touched on the event loop only). */
        final Map<String, String> keys = new HashMap<>();
        volatile long read;

        Run() {
            Arrays.fill(writing, Future.succeededFuture());
        }

        long lines;
        long entries;
        long changed;
        long skipped;
        long bad;
        final List<DirectoryReport.BadLine> badLines = new ArrayList<>();
    }

    private static final class Chunk {
        final LinkedHashMap<String, DirectoryEntry> byRpps = new LinkedHashMap<>();
        final List<DirectoryReport.BadLine> badLines = new ArrayList<>();
        int lines;
        int entries;
        int skipped;
        int bad;

        void bad(long line, String reason) {
            bad++;
            if (badLines.size() < DirectoryReport.MAX_LISTED) {
                badLines.add(new DirectoryReport.BadLine(line, reason));
            }
        }
    }

    /** Every word a search may filter on: the names' keys (already made), title, town, profession, specialty. */
    private static String searchKey(DirectoryEntry e, String family, String given, Map<String, String> keys) {
        StringBuilder words = new StringBuilder(128);
        if (family != null) {
            words.append(family).append(' ');
        }
        if (given != null) {
            words.append(given).append(' ');
        }
        // The same as the key of the four joined by spaces; titles, towns and labels repeat, so their keys are kept.
        for (Optional<String> part : List.of(e.title(), e.town(), e.professionLabel(), e.specialtyLabel())) {
            if (part.isPresent()) {
                String key = keys.computeIfAbsent(part.get(), DirectoryExtract::searchKey);
                if (!key.isEmpty()) {
                    words.append(key).append(' ');
                }
            }
        }
        if (keys.size() > MAX_KEPT_KEYS) {
            keys.clear();
        }
        int end = words.length();
        if (end > 0 && words.charAt(end - 1) == ' ') {
            words.setLength(end - 1);
        }
        return words.toString();
    }

    // ---- reads ----

    @Override
    public Future<List<DirectoryEntry>> search(String query, Optional<String> profession) {
        return guarded(() -> {
            if (query == null || query.length() > MAX_QUERY) {
                throw new RecordException.Invalid("q", "must be 1 to " + MAX_QUERY + " characters");
            }
            String trimmed = query.strip();
            // The RPPS as a fallback: typed in full (or as the 12-character national identifier), it is looked up.
            if (trimmed.chars().allMatch(Character::isDigit) && (trimmed.length() == 11 || trimmed.length() == 12)) {
                Rpps rpps;
                try {
                    rpps = Rpps.parse(trimmed);
                } catch (RuntimeException e) {
                    return Future.succeededFuture(List.of());
                }
                return describe(List.of(rpps.value())).map(found -> found.values().stream()
                        .filter(e -> profession.isEmpty() || profession.get().equals(e.professionCode())).toList());
            }
            String key = DirectoryExtract.searchKey(trimmed);
            String[] words = key.isEmpty() ? new String[0] : key.split(" ");
            if (key.replace(" ", "").length() < MIN_QUERY) {
                return Future.succeededFuture(List.of());
            }
            String[] contains = Arrays.stream(words).map(w -> "%" + w + "%").toArray(String[]::new);
            return searchFrom(words, 0, contains, profession);
        });
    }

    /**
     * The words in turn as the family name's start (the index's range), all of them as filters: "moreau infirmier",
     * "infirmier moreau" and "hugo moreau" find the same nurse. At most {@link #MAX_ANCHORS} round trips.
     */
    private Future<List<DirectoryEntry>> searchFrom(String[] words, int i, String[] contains,
                                                    Optional<String> profession) {
        String anchor = words[i];
        String after = anchor.substring(0, anchor.length() - 1) + (char) (anchor.charAt(anchor.length() - 1) + 1);
        return kernel.client().preparedQuery(DirectorySql.SEARCH)
                .execute(Tuple.of(anchor, after, profession.orElse(null), MAX_RESULTS, contains))
                .compose(rows -> {
                    if (rows.size() == 0 && i + 1 < Math.min(words.length, MAX_ANCHORS)) {
                        return searchFrom(words, i + 1, contains, profession);
                    }
                    List<DirectoryEntry> out = new ArrayList<>(rows.size());
                    rows.forEach(r -> out.add(entry(r)));
                    return Future.succeededFuture(out);
                });
    }

    private static final int MAX_ANCHORS = 3;

    @Override
    public Future<Map<String, DirectoryEntry>> describe(Collection<String> rpps) {
        return guarded(() -> {
            if (rpps.isEmpty()) {
                return Future.succeededFuture(Map.of());
            }
            return kernel.client().preparedQuery(DirectorySql.BY_RPPS)
                    .execute(Tuple.of(rpps.stream().distinct().toArray(String[]::new)))
                    .map(rows -> {
                        Map<String, DirectoryEntry> out = new HashMap<>();
                        rows.forEach(r -> out.put(r.getString("rpps"), entry(r)));
                        return out;
                    });
        });
    }

    @Override
    public Future<Boolean> loaded() {
        return guarded(() -> kernel.client().preparedQuery(DirectorySql.LOADED).execute()
                .map(rows -> rows.iterator().next().getBoolean(0)));
    }

    private static DirectoryEntry entry(Row r) {
        return new DirectoryEntry(r.getString("rpps"), opt(r, "title"), opt(r, "family_name"), opt(r, "given_name"),
                r.getString("profession"), opt(r, "profession_label"), opt(r, "specialty"), opt(r, "specialty_label"),
                opt(r, "town"));
    }

    private static Optional<String> opt(Row r, String column) {
        return Optional.ofNullable(r.getString(column));
    }

    private Instant now() {
        return kernel.clock().instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static OffsetDateTime time(Instant at) {
        return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }

    private static <T> Future<T> guarded(Supplier<Future<T>> call) {
        return ServiceFailures.guarded("directory unavailable", call);
    }
}
