package glassbox.core.ssm;

/**
 * The depth of the computation graph (docs/LABS.md §2): how many steps one after another an SSM's output y_L needs
 * with unlimited parallel hardware, counting a multiplication as one step and a sum of m terms as a balanced tree of
 * ⌈log₂ m⌉ steps. A matrix-vector product with n terms per row is 1 + ⌈log₂ n⌉ deep.
 * <ul>
 *   <li>recurrence x_{k+1} = A x_k + B u_k, y_L = C x_L + D u_L: L + 1 products in a row, each with n + 1 terms —
 *   (L + 1)(1 + ⌈log₂(n + 1)⌉), O(L);</li>
 *   <li>the kernel sequentially (v ← A v, then K_l = C v): L(1 + ⌈log₂ n⌉), O(L);</li>
 *   <li>the kernel by doubling (X_{2m} = [X_m, A^m X_m] and A^{2m} = A^m A^m side by side, ⌈log₂ L⌉ rounds, then
 *   K = C X): (⌈log₂ L⌉ + 1)(1 + ⌈log₂ n⌉), O(log L);</li>
 *   <li>the convolution y_L = Σ_{l=0}^{L} K_l u_{L−l} given K: 1 + ⌈log₂(L + 1)⌉, O(log L);</li>
 *   <li>kernel by doubling, then convolve: the sum of the two, O(log L) — against the recurrence's O(L).</li>
 * </ul>
 */
public final class CriticalPath {
    private CriticalPath() {}

    /** ⌈log₂ m⌉ for m ≥ 1 (0 for m = 1). */
    public static int ceilLog2(long m) {
        if (m < 1) throw new IllegalArgumentException("m = " + m);
        return 64 - Long.numberOfLeadingZeros(m - 1);
    }

    static long matVec(int terms) {
        return 1 + ceilLog2(terms);
    }

    public static long recurrence(long len, int n) {
        return (len + 1) * matVec(n + 1);
    }

    public static long sequentialKernel(long len, int n) {
        return len * matVec(n);
    }

    public static long doublingKernel(long len, int n) {
        return (ceilLog2(Math.max(1, len)) + 1) * matVec(n);
    }

    public static long convolution(long len) {
        return 1 + ceilLog2(len + 1);
    }

    public static long kernelThenConvolve(long len, int n) {
        return doublingKernel(len, n) + convolution(len);
    }

    /** The counts against L = 1, 2, 4, … up to and including {@code maxLen}, at state size n. */
    public record Curve(int n, long[] len, long[] recurrence, long[] sequentialKernel, long[] doublingKernel, long[] convolution, long[] kernelThenConvolve) {}

    public static Curve curve(int n, long maxLen) {
        int m = ceilLog2(Math.max(1, maxLen)) + 1;
        long[] len = new long[m];
        for (int i = 0; i < m; i++) len[i] = Math.min(1L << i, maxLen);
        long[] rec = new long[m], seq = new long[m], dbl = new long[m], conv = new long[m], ktc = new long[m];
        for (int i = 0; i < m; i++) {
            rec[i] = recurrence(len[i], n);
            seq[i] = sequentialKernel(len[i], n);
            dbl[i] = doublingKernel(len[i], n);
            conv[i] = convolution(len[i]);
            ktc[i] = kernelThenConvolve(len[i], n);
        }
        return new Curve(n, len, rec, seq, dbl, conv, ktc);
    }
}
