package fr.sante.dmp.gateway.seed;

import java.util.EnumMap;
import java.util.Map;

/**
 * Persons [first, end) ready to write: one binary COPY stream per table (tables without rows are absent).
 *
 * @param persons persons actually encoded (the range minus those already in the database)
 */
record SeedBatch(long first, long end, int persons, Map<SeedTable, byte[]> streams, long rows) {

    static SeedBatch of(long first, long end, int persons, EnumMap<SeedTable, BinaryCopy> copies) {
        EnumMap<SeedTable, byte[]> streams = new EnumMap<>(SeedTable.class);
        long rows = 0;
        for (Map.Entry<SeedTable, BinaryCopy> e : copies.entrySet()) {
            if (e.getValue().rows() > 0) {
                rows += e.getValue().rows();
                streams.put(e.getKey(), e.getValue().finish());
            }
        }
        return new SeedBatch(first, end, persons, streams, rows);
    }

    long bytes() {
        return streams.values().stream().mapToLong(b -> b.length).sum();
    }
}
