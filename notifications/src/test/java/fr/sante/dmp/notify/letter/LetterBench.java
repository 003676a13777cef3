package fr.sante.dmp.notify.letter;

import java.util.List;

/** Test data for the throughput bench (fr.sante.dmp.notify.bench), which lives outside this package. */
public final class LetterBench {
    private LetterBench() {
    }

    public static List<Letter> letters(int n) {
        return LetterBatchWriterTest.letters(n);
    }
}
