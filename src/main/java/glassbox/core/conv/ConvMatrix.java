package glassbox.core.conv;

/**
 * The convolution as the sparse matrix A (d_out x d_in), never stored: its entries are enumerated
 * from the index formula A[(u,v,o), (u·s_h + a − p_h, v·s_w + b − p_w, c)] = W[o, c, a, b].
 */
public final class ConvMatrix {
    private ConvMatrix() {}

    /** Receives the non-zeros of one row: the column and which weight sits there. */
    public interface EntryConsumer {
        void accept(int col, int weightIndex);
    }

    /** Enumerates the non-zeros of row {@code row} of A in increasing (a, b, c) order. */
    public static void row(ConvSpec s, int row, EntryConsumer out) {
        int[] uvo = s.outPosition(row);
        int u = uvo[0], v = uvo[1], o = uvo[2];
        for (int a = 0; a < s.kh(); a++) {
            int i = u * s.sh() + a - s.ph();
            if (i < 0 || i >= s.h()) continue;
            for (int b = 0; b < s.kw(); b++) {
                int j = v * s.sw() + b - s.pw();
                if (j < 0 || j >= s.w()) continue;
                for (int c = 0; c < s.ci(); c++) {
                    out.accept(s.inIndex(i, j, c), s.weightIndex(o, c, a, b));
                }
            }
        }
    }

    /**
     * How many columns row {@code row} of A spans, from its first non-zero to its last (0 for an empty row):
     * k_h·k_w·c_i for a window inside the image in patch order (a block of A), far more in HWC or CHW order,
     * where the window's rows lie w·c_i (or w) columns apart.
     */
    public static int rowSpan(ConvSpec s, int row) {
        int[] range = {Integer.MAX_VALUE, -1};
        row(s, row, (col, wi) -> {
            range[0] = Math.min(range[0], col);
            range[1] = Math.max(range[1], col);
        });
        return range[1] < 0 ? 0 : range[1] - range[0] + 1;
    }

    /** Number of non-zeros in row {@code row} of A. */
    public static int rowNonZeros(ConvSpec s, int row) {
        int[] n = {0};
        row(s, row, (col, wi) -> n[0]++);
        return n[0];
    }

    /** The weight index at A[row, col], or -1 where A is zero. */
    public static int entry(ConvSpec s, long row, long col) {
        int[] uvo = s.outPosition(row);
        int[] ijc = s.inPosition(col);
        int a = ijc[0] - uvo[0] * s.sh() + s.ph();
        int b = ijc[1] - uvo[1] * s.sw() + s.pw();
        if (a < 0 || a >= s.kh() || b < 0 || b >= s.kw()) return -1;
        return s.weightIndex(uvo[2], ijc[2], a, b);
    }

    /** y = A x (all d_out rows) when rows is null, else y[k] = (A x)_{rows[k]}: only the listed rows. */
    public static double[] multiply(ConvSpec s, double[] weights, double[] x, int[] rows) {
        if (rows == null) {
            double[] y = new double[(int) s.dOut()];
            for (int r = 0; r < y.length; r++) y[r] = rowTimes(s, r, weights, x);
            return y;
        }
        double[] y = new double[rows.length];
        // The sampled check of a large layer (4 096 rows of ~150 products each): rows are independent,
        // so both cores share them with the same results.
        java.util.stream.IntStream ks = java.util.stream.IntStream.range(0, rows.length);
        (rows.length >= 1024 ? ks.parallel() : ks).forEach(k -> y[k] = rowTimes(s, rows[k], weights, x));
        return y;
    }

    /**
     * One row of A times x, walking the same (a, b, c) entries as {@link #row} with the flat
     * indices stepped incrementally (the hot loop of the live check: no callback per entry).
     */
    static double rowTimes(ConvSpec s, int row, double[] weights, double[] x) {
        int[] uvo = s.outPosition(row);
        int u = uvo[0], v = uvo[1], o = uvo[2];
        int ci = s.ci(), kh = s.kh(), kw = s.kw(), h = s.h(), w = s.w();
        // Along c the column steps by 1 (HWC, patch) or by a plane (CHW).
        int cStep = s.order() == ConvSpec.Order.CHW ? h * w : 1;
        double sum = 0;
        for (int a = 0; a < kh; a++) {
            int i = u * s.sh() + a - s.ph();
            if (i < 0 || i >= h) continue;
            for (int b = 0; b < kw; b++) {
                int j = v * s.sw() + b - s.pw();
                if (j < 0 || j >= w) continue;
                int wi = ((o * ci) * kh + a) * kw + b, wStep = kh * kw;
                int col = s.inIndex(i, j, 0);
                for (int c = 0; c < ci; c++, wi += wStep, col += cStep) sum += weights[wi] * x[col];
            }
        }
        return sum;
    }

    /** The non-zeros of A as coordinate lists, row by row. Only for small layers (size checked by the caller). */
    public static Coo coo(ConvSpec s, double[] weights) {
        int n = (int) s.nnz();
        int[] rows = new int[n], cols = new int[n];
        double[] vals = new double[n];
        int[] k = {0};
        for (int r = 0; r < s.dOut(); r++) {
            final int rr = r;
            row(s, r, (col, wi) -> {
                rows[k[0]] = rr;
                cols[k[0]] = col;
                vals[k[0]] = weights[wi];
                k[0]++;
            });
        }
        return new Coo(rows, cols, vals);
    }

    public record Coo(int[] rows, int[] cols, double[] vals) {}
}
