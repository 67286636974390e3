package glassbox.core.rnn;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * docs/LABS.md §6, part 4: a hidden state of one float32 holds 32 bits (2³² states), so it cannot
 * carry two independent float32 numbers (2⁶⁴ pairs). A packing scheme maps (u₁, u₂), both float32
 * in [0, 1], to the 32 bits of one float32; decoding reads them back. Some information is lost,
 * and distinct pairs collide on the same code.
 *
 * Schemes:
 * - SUM: s = u₁ + 2⁻ᵏ u₂ in float32 arithmetic (one rounding, as a float32 RNN would compute);
 *   decode û₁ = ⌊s·2ᵏ⌋ / 2ᵏ, û₂ = (s − û₁)·2ᵏ.
 * - BITS: the first k bits of u₁ (as a binary fraction) followed by the first 32 − k bits of u₂;
 *   decode by reading them back (lower edge of each bin).
 * - INTERLEAVE: the first 16 bits of each, alternating (u₁ in the odd bit positions, u₂ in the even).
 * The 32-bit code is the raw bit pattern of the float32 (for BITS/INTERLEAVE it may be a NaN
 * pattern: memory is memory).
 */
public final class FloatPacking {
    private FloatPacking() {}

    public enum Scheme {
        SUM, BITS, INTERLEAVE;

        public String key() { return name().toLowerCase(Locale.ROOT); }

        public static Scheme parse(String s) { return valueOf(s.toUpperCase(Locale.ROOT)); }
    }

    /** The 32-bit code of (u₁, u₂); u's are float32 values in [0, 1]. */
    public static int encode(Scheme scheme, int k, float u1, float u2) {
        return switch (scheme) {
            case SUM -> Float.floatToRawIntBits(u1 + Math.scalb(u2, -k));
            case BITS -> {
                long q1 = quantise(u1, k), q2 = quantise(u2, 32 - k);
                yield (int) ((k == 0 ? 0 : q1 << (32 - k)) | q2);
            }
            case INTERLEAVE -> {
                long q1 = quantise(u1, 16), q2 = quantise(u2, 16);
                int code = 0;
                for (int i = 0; i < 16; i++) {
                    code |= (int) ((q2 >>> i) & 1) << (2 * i);
                    code |= (int) ((q1 >>> i) & 1) << (2 * i + 1);
                }
                yield code;
            }
        };
    }

    /** ⌊u·2^bits⌋ clamped to [0, 2^bits − 1]: the first `bits` bits of u as a binary fraction. */
    static long quantise(float u, int bits) {
        if (bits == 0) return 0;
        long q = (long) Math.floor(u * Math.pow(2, bits));
        return Math.max(0, Math.min((1L << bits) - 1, q));
    }

    /** Decoded (û₁, û₂). */
    public static double[] decode(Scheme scheme, int k, int code) {
        switch (scheme) {
            case SUM -> {
                double s = Float.intBitsToFloat(code);
                double p = Math.pow(2, k);
                double a = Math.floor(s * p) / p;
                return new double[]{a, (s - a) * p};
            }
            case BITS -> {
                long c = code & 0xffffffffL;
                long q1 = k == 0 ? 0 : c >>> (32 - k);
                long q2 = k == 32 ? 0 : c & ((1L << (32 - k)) - 1);
                return new double[]{q1 / Math.pow(2, k), q2 / Math.pow(2, 32 - k)};
            }
            default -> {
                long q1 = 0, q2 = 0;
                for (int i = 0; i < 16; i++) {
                    q2 |= (long) ((code >>> (2 * i)) & 1) << i;
                    q1 |= (long) ((code >>> (2 * i + 1)) & 1) << i;
                }
                return new double[]{q1 / 65536.0, q2 / 65536.0};
            }
        }
    }

    /**
     * Which input each of the 32 bits of the code carries (bit 31 first): 1 or 2, or 0 for the
     * sign and exponent of a float (SUM). For SUM a mantissa bit of weight 2^e belongs to u₁ when
     * e ≥ −k (the part ⌊s·2ᵏ⌋/2ᵏ that decodes to û₁) and to u₂ below.
     */
    public static int[] bitOwners(Scheme scheme, int k, int code) {
        int[] o = new int[32];
        int exp = Math.getExponent(Float.intBitsToFloat(code));
        for (int i = 0; i < 32; i++) {
            int b = 31 - i;
            o[i] = switch (scheme) {
                case SUM -> i < 9 ? 0 : (exp - (i - 8) >= -k ? 1 : 2);
                case BITS -> i < k ? 1 : 2;
                case INTERLEAVE -> (b % 2 == 1) ? 1 : 2;
            };
        }
        return o;
    }

    /** The grid's coordinate values: n float32 values in [0, 1), distinct and sorted. */
    public static float[] gridValues(int n, boolean random, long seed) {
        float[] v = new float[n];
        if (random) {
            SplittableRandom r = new SplittableRandom(seed);
            for (int i = 0; i < n; i++) v[i] = (float) r.nextDouble();
            for (int i = 0; i < n; i++) if (v[i] >= 1f) v[i] = Math.nextDown(1f);
        } else {
            for (int i = 0; i < n; i++) v[i] = (float) ((double) i / n);
        }
        Arrays.sort(v);
        int m = 0;
        for (int i = 0; i < n; i++) if (m == 0 || v[i] != v[m - 1]) v[m++] = v[i];
        return m == n ? v : Arrays.copyOf(v, m);
    }

    /**
     * Collisions among all pairs of the grid (u₁ from values, u₂ from values).
     *
     * @param pairs      distinct pairs n·n
     * @param distinct   distinct codes
     * @param colliding  pairs that share their code with at least one other pair
     * @param groupSize  per pair (index i·n + j for u₁ = values[i], u₂ = values[j]): how many pairs share its code
     * @param maxError   largest decoding error max(|û₁ − u₁|, |û₂ − u₂|) over the grid
     * @param largestGroup the most pairs on one code
     */
    /**
     * The pairs of the n × n grid that share a code. blockShare[bi][bj] is the share of colliding pairs
     * among the blockCount[bi][bj] pairs of block (bi, bj), pair (i, j) in block (⌊i·B/n⌋, ⌊j·B/n⌋)
     * with B = min(n, MAX_BLOCKS): what the figure draws (1M pairs at n = 1024 do not fit on screen).
     */
    public record Collisions(float[] values, long pairs, long distinct, long colliding, int[] groupSize, double maxError, int largestGroup,
                             double[][] blockShare, int[][] blockCount) {}

    /** Blocks per side of the collision map. */
    public static final int MAX_BLOCKS = 64;

    public static Collisions collisions(Scheme scheme, int k, float[] values) {
        int n = values.length;
        int N = n * n;
        long[] keyed = new long[N];
        double maxErr = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                int code = encode(scheme, k, values[i], values[j]);
                // Sort by the code (high 32 bits) and keep the pair's index in the low bits.
                keyed[i * n + j] = ((code & 0xffffffffL) << 32) | (i * n + j);
                double[] d = decode(scheme, k, code);
                double e = Math.max(Math.abs(d[0] - values[i]), Math.abs(d[1] - values[j]));
                if (!(e <= maxErr)) maxErr = Double.isNaN(e) ? Double.POSITIVE_INFINITY : Math.max(maxErr, e);
            }
        }
        radixSortHigh32(keyed);
        int[] size = new int[N];
        long distinct = 0, colliding = 0;
        int largest = 0;
        int s = 0;
        while (s < N) {
            int e = s + 1;
            while (e < N && (keyed[e] >>> 32) == (keyed[s] >>> 32)) e++;
            int g = e - s;
            distinct++;
            if (g > 1) colliding += g;
            largest = Math.max(largest, g);
            for (int q = s; q < e; q++) size[(int) keyed[q]] = g;
            s = e;
        }
        int B = Math.min(n, MAX_BLOCKS);
        double[][] share = new double[B][B];
        int[][] count = new int[B][B];
        for (int i = 0; i < n; i++) {
            int bi = (int) ((long) i * B / n);
            for (int j = 0; j < n; j++) {
                int bj = (int) ((long) j * B / n);
                count[bi][bj]++;
                if (size[i * n + j] > 1) share[bi][bj]++;
            }
        }
        for (int i = 0; i < B; i++) for (int j = 0; j < B; j++) share[i][j] /= Math.max(1, count[i][j]);
        return new Collisions(values, N, distinct, colliding, size, maxErr, largest, share, count);
    }

    /** LSD radix sort on the unsigned high 32 bits (4 passes of 8 bits): ~10 ms for 2²⁰ keys. */
    static void radixSortHigh32(long[] a) {
        long[] b = new long[a.length];
        long[] src = a, dst = b;
        for (int shift = 32; shift < 64; shift += 8) {
            int[] count = new int[257];
            for (long v : src) count[(int) ((v >>> shift) & 255) + 1]++;
            for (int i = 0; i < 256; i++) count[i + 1] += count[i];
            for (long v : src) dst[count[(int) ((v >>> shift) & 255)]++] = v;
            long[] t = src; src = dst; dst = t;
        }
        // Four passes: the result is back in a.
    }
}
