package fr.sante.dmp.gateway.api;

import fr.sante.dmp.store.record.DocumentSummary;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Not a test: two pieces of the G2 read path before and after perf-read, one after the other in the same JVM and timed
 * in this thread's CPU time (a busy machine distorts it much less than wall time): the document list as a JsonObject
 * encoded by the data binder against the streaming generator, and a UUID request id against {@code RequestIds}
 * (reached by reflection: package-private in {@code problem}). Prints µs of CPU per call. Arguments: iterations per
 * round (default 200,000), rounds (8), documents in the list (3, about the seeded mean).
 * {@code javac -d /tmp/rb -cp gateway/target/dmp-gateway.jar gateway/src/test/java/fr/sante/dmp/gateway/api/ReadPathBench.java
 * && java -cp /tmp/rb:gateway/target/dmp-gateway.jar fr.sante.dmp.gateway.api.ReadPathBench}
 */
public final class ReadPathBench {
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int size = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        List<DocumentSummary> docs = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            docs.add(new DocumentSummary(UUID.randomUUID(), "11502-2", "Compte rendu de biologie", "application/pdf",
                    Optional.of("10001234565"), Instant.now(), 1530, false));
        }
        Constructor<?> ctor = Class.forName("fr.sante.dmp.gateway.problem.RequestIds")
                .getDeclaredConstructor(SecureRandom.class);
        ctor.setAccessible(true);
        Object ids = ctor.newInstance(new SecureRandom());
        Method next = ids.getClass().getDeclaredMethod("next");
        next.setAccessible(true);
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        long sink = 0;
        for (int round = 1; round <= rounds; round++) {
            long t0 = cpu.getCurrentThreadCpuTime();
            for (int i = 0; i < n; i++) {
                sink += DocumentJson.list(docs).encode().length();
            }
            long t1 = cpu.getCurrentThreadCpuTime();
            for (int i = 0; i < n; i++) {
                sink += DocumentJson.listEncoded(docs).length();
            }
            long t2 = cpu.getCurrentThreadCpuTime();
            for (int i = 0; i < n; i++) {
                sink += UUID.randomUUID().toString().length();
            }
            long t3 = cpu.getCurrentThreadCpuTime();
            for (int i = 0; i < n; i++) {
                sink += ((String) next.invoke(ids)).length();
            }
            long t4 = cpu.getCurrentThreadCpuTime();
            System.out.printf("round %d: JsonObject+encode %.2f µs, streamed %.2f µs, UUID.randomUUID %.2f µs, "
                    + "RequestIds.next %.2f µs (reflective call included)%n", round, (t1 - t0) / 1e3 / n,
                    (t2 - t1) / 1e3 / n, (t3 - t2) / 1e3 / n, (t4 - t3) / 1e3 / n);
        }
        System.out.println("(checksum " + sink + ")");
    }
}
