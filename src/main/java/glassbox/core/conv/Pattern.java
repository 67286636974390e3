package glassbox.core.conv;

/**
 * The sparsity pattern of A at a bounded resolution, computed from the index structure without
 * materialising A or listing its non-zeros. Small layers are exact (one cell per entry, holding
 * which weight sits there); larger ones are summarised: each cell holds the fraction of non-zeros
 * in its block of rows x columns.
 *
 * Cost: for each output position (u, v), the non-zero columns form one contiguous run per kernel
 * row (HWC, patch) or per kernel row and channel (CHW); runs are added to column bins once per position,
 * and summed over runs of positions whose channels all stay in the same row bins before being
 * added to those rows, so the ResNet stem (1.1e8 non-zeros) takes about a million additions.
 */
public record Pattern(int rows, int cols, long dOut, long dIn, boolean exact, int[] weightAt, float[] density) {

    /** Largest d_in and d_out drawn entry by entry. */
    public static final int EXACT_LIMIT = 640;
    /** Resolution of a summary. */
    public static final int SUMMARY_BINS = 512;

    public static Pattern of(ConvSpec s) {
        long dOut = s.dOut(), dIn = s.dIn();
        if (dOut <= EXACT_LIMIT && dIn <= EXACT_LIMIT) return exact(s);
        return summary(s, (int) Math.min(dOut, SUMMARY_BINS), (int) Math.min(dIn, SUMMARY_BINS));
    }

    private static Pattern exact(ConvSpec s) {
        int r = (int) s.dOut(), c = (int) s.dIn();
        int[] at = new int[r * c];
        java.util.Arrays.fill(at, -1);
        for (int row = 0; row < r; row++) {
            final int base = row * c;
            ConvMatrix.row(s, row, (col, wi) -> at[base + col] = wi);
        }
        return new Pattern(r, c, r, c, true, at, null);
    }

    /** Bin of index k when n indices are spread over nb bins (integer arithmetic, exact). */
    static int bin(long k, long n, int nb) {
        return (int) (k * nb / n);
    }

    /** Number of indices in bin b. */
    static long binSize(int b, long n, int nb) {
        long start = (b * n + nb - 1) / nb, end = ((b + 1) * n + nb - 1) / nb;
        return end - start;
    }

    static Pattern summary(ConvSpec s, int rb, int cb) {
        long dOut = s.dOut(), dIn = s.dIn();
        int ho = s.hOut(), wo = s.wOut(), co = s.co();
        long[] counts = new long[rb * cb];
        // One output position's column counts (the same for every output channel o) ...
        long[] runCount = new long[cb];
        int[] touched = new int[cb];
        // ... summed over a segment of consecutive positions in which no channel changes row bin,
        // then added once per channel: a channel's rows grow with the position in both orders.
        long[] seg = new long[cb];
        int[] segTouched = new int[cb];
        int ns = 0;
        int[] rowBin = new int[co];
        long positions = (long) ho * wo, changeAt = 0;
        boolean hwc = s.order().outputChannelsLast();
        for (int u = 0; u < ho; u++) {
            for (int v = 0; v < wo; v++) {
                long pos = (long) u * wo + v;
                if (pos >= changeAt) {
                    flush(counts, cb, rowBin, co, seg, segTouched, ns);
                    ns = 0;
                    // The next position at which some channel's row (pos·c_o + o, or o·h'·w' + pos) enters a new bin.
                    changeAt = positions;
                    for (int o = 0; o < co; o++) {
                        long row = hwc ? pos * co + o : o * positions + pos;
                        rowBin[o] = bin(row, dOut, rb);
                        long next = ((rowBin[o] + 1L) * dOut + rb - 1) / rb;
                        changeAt = Math.min(changeAt, hwc ? Math.floorDiv(next - o + co - 1, co) : next - o * positions);
                    }
                }
                int b0 = Math.max(0, s.pw() - v * s.sw()), b1 = Math.min(s.kw() - 1, s.w() - 1 + s.pw() - v * s.sw());
                if (b0 > b1) continue;
                int j0 = v * s.sw() + b0 - s.pw(), j1 = v * s.sw() + b1 - s.pw();
                int nt = 0;
                for (int a = 0; a < s.kh(); a++) {
                    int i = u * s.sh() + a - s.ph();
                    if (i < 0 || i >= s.h()) continue;
                    if (s.order() != ConvSpec.Order.CHW) {
                        // HWC and patch order: a kernel row's (b, c) entries are one contiguous run of columns
                        // (in patch order the window is one patch, so b and c are consecutive inside it).
                        long start = s.inIndex(i, j0, 0), end = s.inIndex(i, j1, s.ci() - 1);
                        nt = addRun(start, end, dIn, cb, runCount, touched, nt);
                    } else {
                        for (int c = 0; c < s.ci(); c++) {
                            long base = (long) c * s.h() * s.w() + (long) i * s.w();
                            nt = addRun(base + j0, base + j1, dIn, cb, runCount, touched, nt);
                        }
                    }
                }
                for (int t = 0; t < nt; t++) {
                    int b = touched[t];
                    if (seg[b] == 0) segTouched[ns++] = b;
                    seg[b] += runCount[b];
                    runCount[b] = 0;
                }
            }
        }
        flush(counts, cb, rowBin, co, seg, segTouched, ns);
        long[] rowSize = new long[rb], colSize = new long[cb];
        for (int r = 0; r < rb; r++) rowSize[r] = binSize(r, dOut, rb);
        for (int c = 0; c < cb; c++) colSize[c] = binSize(c, dIn, cb);
        float[] density = new float[rb * cb];
        for (int r = 0; r < rb; r++) {
            for (int c = 0; c < cb; c++) {
                density[r * cb + c] = (float) (counts[r * cb + c] / ((double) rowSize[r] * colSize[c]));
            }
        }
        return new Pattern(rb, cb, dOut, dIn, false, null, density);
    }

    /** Adds a segment's column counts to the row bin of every channel (channels sharing a bin at once), then clears it. */
    private static void flush(long[] counts, int cb, int[] rowBin, int co, long[] seg, int[] segTouched, int ns) {
        if (ns == 0) return;
        int prev = -1;
        long k = 0;
        for (int o = 0; o <= co; o++) {
            int rbin = o < co ? rowBin[o] : -2;
            if (rbin == prev) { k++; continue; }
            if (prev >= 0) {
                int base = prev * cb;
                for (int t = 0; t < ns; t++) counts[base + segTouched[t]] += k * seg[segTouched[t]];
            }
            prev = rbin;
            k = 1;
        }
        for (int t = 0; t < ns; t++) seg[segTouched[t]] = 0;
    }

    private static int addRun(long start, long end, long n, int nb, long[] runCount, int[] touched, int nt) {
        int b0 = bin(start, n, nb), b1 = bin(end, n, nb);
        for (int b = b0; b <= b1; b++) {
            long lo = Math.max(start, (b * n + nb - 1) / nb), hi = Math.min(end, ((b + 1) * n + nb - 1) / nb - 1);
            if (hi < lo) continue;
            if (runCount[b] == 0) touched[nt++] = b;
            runCount[b] += hi - lo + 1;
        }
        return nt;
    }

    /** Total non-zeros the summary accounts for (equals A's nnz exactly). */
    public double totalNonZeros() {
        if (exact) {
            long n = 0;
            for (int w : weightAt) if (w >= 0) n++;
            return n;
        }
        double t = 0;
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
                t += density[r * cols + c] * (double) binSize(r, dOut, rows) * binSize(c, dIn, cols);
        return t;
    }

    /** First and last index (inclusive) of bin b along an axis of n indices in nb bins. */
    public static long[] binRange(int b, long n, int nb) {
        long start = (b * n + nb - 1) / nb, end = ((b + 1) * n + nb - 1) / nb - 1;
        return new long[]{start, end};
    }
}
