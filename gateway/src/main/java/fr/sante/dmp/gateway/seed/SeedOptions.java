package fr.sante.dmp.gateway.seed;

/**
 * What to seed: persons [from, from + persons) of the synthetic population.
 *
 * @param meanDocuments mean number of documents per person over the whole population (many records stay empty)
 * @param batch         persons per transaction (one COPY per table, progress recorded in the same transaction)
 * @param threads       producer threads (encryption); the COPY writer is one more
 */
public record SeedOptions(long from, long persons, double meanDocuments, int batch, int threads) {
    public static final long DEFAULT_PERSONS = 100_000;
    public static final double DEFAULT_MEAN_DOCUMENTS = 3;
    public static final int DEFAULT_BATCH = 5_000;

    public SeedOptions {
        if (from < 0 || persons < 0 || from + persons > SyntheticPopulation.CAPACITY) {
            throw new IllegalArgumentException("persons must lie within [0, " + SyntheticPopulation.CAPACITY + ")");
        }
        if (batch < 1 || batch > 1_000_000) {
            throw new IllegalArgumentException("batch must be between 1 and 1000000");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
        new SeedPlan(meanDocuments); // validates the mean
    }

    public long end() {
        return from + persons;
    }
}
