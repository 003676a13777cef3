package fr.sante.dmp.gateway.seed;

/**
 * A fixed permutation of {@code [0, domain)}: a 4-round balanced Feistel network on 38 bits, restricted to the domain
 * by cycle walking. A Feistel network is a permutation whatever its round function, and cycle walking keeps it one on
 * any sub-range, so two distinct indices never meet: that is what makes the synthetic INS a bijection.
 *
 * <p>Only 32-bit integer operations are used (multiplication modulo 2^32, xor, unsigned shifts), so that the JavaScript
 * twin in {@code loadtest/lib/identity.js} computes exactly the same values with {@code Math.imul} and {@code >>>}.
 */
final class IndexScramble {

    static final int HALF_BITS = 19;
    static final long HALF_MASK = (1L << HALF_BITS) - 1;
    static final long FULL = 1L << (2 * HALF_BITS);

    private static final int[] ROUND_KEYS = {0x9E3779B9, 0x7F4A7C15, 0x85EBCA6B, 0xC2B2AE35};

    private final long domain;

    IndexScramble(long domain) {
        if (domain <= 0 || domain > FULL) {
            throw new IllegalArgumentException("domain must be in (0, 2^38]");
        }
        this.domain = domain;
    }

    long permute(long x) {
        checkRange(x);
        long y = feistel(x);
        while (y >= domain) {
            y = feistel(y);
        }
        return y;
    }

    long invert(long y) {
        checkRange(y);
        long x = inverseFeistel(y);
        while (x >= domain) {
            x = inverseFeistel(x);
        }
        return x;
    }

    /** murmur3's 32-bit finaliser: cheap, well mixing, and exactly reproducible in JavaScript. */
    static int fmix32(int h) {
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        h *= 0xC2B2AE35;
        h ^= h >>> 16;
        return h;
    }

    private static long round(long half, int key) {
        return fmix32((int) half ^ key) & HALF_MASK;
    }

    private static long feistel(long x) {
        long left = x >>> HALF_BITS;
        long right = x & HALF_MASK;
        for (int key : ROUND_KEYS) {
            long next = left ^ round(right, key);
            left = right;
            right = next;
        }
        return (left << HALF_BITS) | right;
    }

    private static long inverseFeistel(long y) {
        long left = y >>> HALF_BITS;
        long right = y & HALF_MASK;
        for (int r = ROUND_KEYS.length - 1; r >= 0; r--) {
            long previous = right ^ round(left, ROUND_KEYS[r]);
            right = left;
            left = previous;
        }
        return (left << HALF_BITS) | right;
    }

    private void checkRange(long x) {
        if (x < 0 || x >= domain) {
            throw new IllegalArgumentException("index out of the synthetic domain [0, " + domain + ")");
        }
    }
}
