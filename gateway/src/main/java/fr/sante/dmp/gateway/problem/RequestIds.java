package fr.sante.dmp.gateway.problem;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Request ids without a SecureRandom draw per request (UUID.randomUUID() was 9 % of the event loop under
 * {@code /health/live}, docs/BENCHMARKS.md): a random 64-bit prefix drawn once per process, then a counter passed
 * through a random bijection of the 64-bit integers (multiplication by an odd number, then XOR), so ids are unique
 * within a process (a bijection never maps two counter values to one id), unique across processes but for a 2^-64
 * chance per pair, and do not reveal how many requests the node served.
 */
final class RequestIds {
    private final long prefix;
    private final long multiplier;
    private final long mask;
    private final AtomicLong counter = new AtomicLong();

    RequestIds(SecureRandom random) {
        this.prefix = random.nextLong();
        this.multiplier = random.nextLong() | 1L;
        this.mask = random.nextLong();
    }

    /** 33 characters: 16 hex digits, a dash, 16 hex digits (matches the accepted client id syntax). */
    String next() {
        long scrambled = (counter.incrementAndGet() * multiplier) ^ mask;
        char[] out = new char[33];
        hex(prefix, out, 0);
        out[16] = '-';
        hex(scrambled, out, 17);
        return new String(out);
    }

    private static void hex(long value, char[] out, int at) {
        for (int i = 15; i >= 0; i--) {
            out[at + i] = Character.forDigit((int) (value & 0xF), 16);
            value >>>= 4;
        }
    }
}
