package fr.sante.dmp.store.carehistory;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Month partitions of {@code care_history_line}: created ahead of the feeds, dropped once a whole month left the window.
 * Remembers the range it already ensured, so a feed pays the catalogue round trip only when the month changes.
 */
final class Partitions {
    private final Pool pool;
    private final int hashPartitions;
    private final AtomicReference<Range> ensured = new AtomicReference<>();

    Partitions(Pool pool, int hashPartitions) {
        this.pool = pool;
        this.hashPartitions = hashPartitions;
    }

    /** Makes sure every month from {@code from} to one month after {@code to} has its partition. */
    Future<Integer> ensure(LocalDate from, LocalDate to) {
        YearMonth first = YearMonth.from(from);
        YearMonth last = YearMonth.from(to).plusMonths(1);
        Range known = ensured.get();
        if (known != null && !first.isBefore(known.first) && !last.isAfter(known.last)) {
            return Future.succeededFuture(0);
        }
        return pool.preparedQuery(CareHistorySql.ENSURE_PARTITIONS)
                .execute(Tuple.of(first.atDay(1), last.atDay(1), hashPartitions))
                .map(rows -> {
                    ensured.set(new Range(first, last));
                    return rows.iterator().next().getInteger(0);
                });
    }

    /** Drops the months that end on or before {@code cutoff}. */
    Future<Integer> dropBefore(LocalDate cutoff) {
        return pool.preparedQuery(CareHistorySql.DROP_PARTITIONS).execute(Tuple.of(cutoff))
                .map(rows -> {
                    ensured.set(null);
                    return rows.iterator().next().getInteger(0);
                });
    }

    private record Range(YearMonth first, YearMonth last) {
    }
}
