package glassbox.core.ssm;

import org.junit.jupiter.api.Test;

import java.util.PriorityQueue;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The critical-path counts against the algorithms run on depths instead of numbers: every value carries how many steps
 * it sits below the inputs, a product is one step below the deeper factor, and a sum of terms is merged two at a time,
 * always the two shallowest first (the best tree, found by search rather than by the ⌈log₂ m⌉ formula).
 */
class CriticalPathTest {

    /** Depth of the sum of terms of these depths, merging the two shallowest each time. */
    static int sum(int... depths) {
        PriorityQueue<Integer> q = new PriorityQueue<>();
        for (int d : depths) q.add(d);
        while (q.size() > 1) q.add(Math.max(q.poll(), q.poll()) + 1);
        return q.poll();
    }

    /** Row i of M·x: products M_ij·x_j (one step below the deeper factor), summed. */
    static int[] matVec(int[][] m, int[] x, int extraTerm) {
        int[] out = new int[m.length];
        for (int i = 0; i < m.length; i++) {
            int[] terms = new int[x.length + (extraTerm >= 0 ? 1 : 0)];
            for (int j = 0; j < x.length; j++) terms[j] = Math.max(m[i][j], x[j]) + 1;
            if (extraTerm >= 0) terms[x.length] = extraTerm;
            out[i] = sum(terms);
        }
        return out;
    }

    static int recurrence(int len, int n) {
        int[][] a = new int[n][n];
        int[] x = new int[n];
        for (int k = 0; k < len; k++) x = matVec(a, x, 1); // + B_i u_k, a product of inputs: depth 1
        return matVec(new int[1][n], x, 1)[0];             // y_L = C x_L + D u_L
    }

    static int sequentialKernel(int len, int n) {
        int[][] a = new int[n][n];
        int[] v = new int[n];
        int deepest = 0;
        for (int l = 1; l <= len; l++) {
            if (l > 1) v = matVec(a, v, -1);
            deepest = Math.max(deepest, matVec(new int[1][n], v, -1)[0]); // K_l = C v
        }
        return deepest;
    }

    static int doublingKernel(int len, int n) {
        int[][] p = new int[n][n];
        java.util.List<int[]> cols = new java.util.ArrayList<>();
        cols.add(new int[n]); // B
        while (cols.size() < len) {
            java.util.List<int[]> more = new java.util.ArrayList<>();
            for (int[] c : cols) more.add(matVec(p, c, -1));
            int[][] pp = new int[n][n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    int[] terms = new int[n];
                    for (int k = 0; k < n; k++) terms[k] = Math.max(p[i][k], p[k][j]) + 1;
                    pp[i][j] = sum(terms);
                }
            }
            cols.addAll(more);
            p = pp;
        }
        int deepest = 0;
        for (int l = 0; l < len; l++) deepest = Math.max(deepest, matVec(new int[1][n], cols.get(l), -1)[0]);
        return deepest;
    }

    @Test
    void countsAgreeWithTheAlgorithmsRunOnDepths() {
        for (int n = 1; n <= 5; n++) {
            for (int len = 1; len <= 40; len++) {
                assertEquals(recurrence(len, n), CriticalPath.recurrence(len, n), "recurrence L = " + len + ", n = " + n);
                assertEquals(sequentialKernel(len, n), CriticalPath.sequentialKernel(len, n), "sequential L = " + len + ", n = " + n);
                assertEquals(doublingKernel(len, n), CriticalPath.doublingKernel(len, n), "doubling L = " + len + ", n = " + n);
                int[] conv = new int[len + 1];
                for (int l = 0; l <= len; l++) conv[l] = 1; // K_l · u_{L−l}
                assertEquals(sum(conv), CriticalPath.convolution(len), "convolution L = " + len);
            }
        }
    }

    @Test
    void theRecurrenceGrowsLikeLAndKernelThenConvolveLikeLogL() {
        // The two-state preset at L = 1024: 1025·3 against (10 + 1)·2 + (1 + 11).
        assertEquals(3075, CriticalPath.recurrence(1024, 2));
        assertEquals(22 + 12, CriticalPath.kernelThenConvolve(1024, 2));
        CriticalPath.Curve c = CriticalPath.curve(2, 1 << 20);
        int last = c.len().length - 1;
        assertEquals(1 << 20, c.len()[last]);
        // Doubling L adds a constant to the one and doubles (nearly) the other.
        for (int i = 1; i < c.len().length; i++) {
            assertEquals(c.kernelThenConvolve()[i - 1] + 3, c.kernelThenConvolve()[i], 1, "L = " + c.len()[i]);
            assertEquals(2.0, (double) c.recurrence()[i] / c.recurrence()[i - 1], 0.5);
        }
        assertArrayEquals(new long[]{1, 2, 4, 8, 10}, CriticalPath.curve(3, 10).len());
    }
}
