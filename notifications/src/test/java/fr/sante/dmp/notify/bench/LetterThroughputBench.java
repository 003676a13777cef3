package fr.sante.dmp.notify.bench;

import fr.sante.dmp.notify.letter.LetterBatchWriter;
import fr.sante.dmp.notify.letter.LetterBench;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;

/**
 * Letters rendered per second: {@code batches} files of {@code perFile} letters (default 10 x 1,000), on
 * {@code threads} threads as the letter transport's render pool does, PDF and manifest written and renamed.
 * One warm-up batch first (JIT, font parsing). Arguments: batches, perFile, threads.
 */
public final class LetterThroughputBench {
    public static void main(String[] args) throws Exception {
        int batches = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int perFile = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        Path dir = Files.createTempDirectory("letters-bench");
        LetterBatchWriter writer = new LetterBatchWriter(dir, Clock.systemUTC());
        writer.prepare();
        writer.write(LetterBench.letters(perFile));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long t0 = System.nanoTime();
        List<Future<LetterBatchWriter.Batch>> done = new ArrayList<>();
        for (int b = 0; b < batches; b++) {
            done.add(pool.submit(() -> writer.write(LetterBench.letters(perFile))));
        }
        long bytes = 0;
        for (Future<LetterBatchWriter.Batch> f : done) {
            bytes += Files.size(f.get().pdf());
        }
        double s = (System.nanoTime() - t0) / 1e9;
        pool.shutdown();
        System.out.printf("%d letters in %d files on %d threads: %.1f s, %.0f letters/s, %.1f KiB per letter%n",
                batches * perFile, batches, threads, s, batches * perFile / s, bytes / 1024.0 / (batches * perFile));
    }
}
