package fr.sante.dmp.gateway.e2e;

import java.util.Arrays;

/** Two samples of response times compared: medians and the Mann-Whitney rank statistic (normal approximation). */
record Timing(double medianA, double medianB, double z) {

    static Timing compare(long[] a, long[] b) {
        return new Timing(median(a), median(b), mannWhitneyZ(a, b));
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
        return String.format("median %.2f ms vs %.2f ms, Mann-Whitney z = %.2f", medianA / 1e6, medianB / 1e6, z);
    }
}
