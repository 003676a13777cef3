package fr.sante.dmp.gateway.e2e;

import java.util.Arrays;

/**
 * Two samples of response times taken in alternation (a[i] just before b[i]), compared: medians, the median of the
 * paired differences (pairs share the machine's load of the moment) and the Mann-Whitney rank statistic.
 */
record Timing(double medianA, double medianB, double pairedDifference, double z) {

    static Timing compare(long[] a, long[] b) {
        long[] d = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i] - b[i];
        }
        return new Timing(median(a), median(b), median(d), mannWhitneyZ(a, b));
    }

    /** Indistinguishable: the rank test does not tell them apart (p > 0.001), or the difference is below tolerance. */
    boolean withinNoise(double toleranceNanos) {
        return Math.abs(z) < 3.29 || Math.abs(pairedDifference) <= toleranceNanos;
    }

    static double median(long[] values) {
        long[] s = values.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2.0;
    }

    /** z of U for "a and b come from the same distribution" (|z| above ~3.3 would say they do not, p < 0.001). */
    static double mannWhitneyZ(long[] a, long[] b) {
        double u = 0;
        for (long x : a) {
            for (long y : b) {
                u += x > y ? 1 : x == y ? 0.5 : 0;
            }
        }
        double n1 = a.length;
        double n2 = b.length;
        double mean = n1 * n2 / 2;
        double sd = Math.sqrt(n1 * n2 * (n1 + n2 + 1) / 12);
        return (u - mean) / sd;
    }

    double medianDifference() {
        return Math.abs(medianA - medianB);
    }

    @Override
    public String toString() {
        return String.format("median %.2f ms vs %.2f ms, paired difference %.3f ms, Mann-Whitney z = %.2f",
                medianA / 1e6, medianB / 1e6, pairedDifference / 1e6, z);
    }
}
