package glassbox.core.ssm;

import glassbox.core.Backend;
import glassbox.core.Nd4jRuntime;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The four multi-channel methods, in plain Java (double) and on ND4J (conv1d, depthwise conv2d, float32), against h_{t+1} = W h_t + z_t
 * written out here with explicit sums (issue 18: the timing runs on the selected backend and must compute the same).
 */
class MultiChannelTest {

    static double[][] byHand(double[][] w, double[] diag, double[][] x, double[] b) {
        int t = x.length, h = b.length;
        double[][] out = new double[t][h];
        double[] st = new double[h];
        for (int k = 0; k < t; k++) {
            double[] nx = new double[h];
            for (int i = 0; i < h; i++) {
                double s = x[k][i] + b[i];
                if (w != null) for (int j = 0; j < h; j++) s += w[i][j] * st[j];
                else s += diag[i] * st[i];
                nx[i] = s;
            }
            st = nx;
            out[k] = st.clone();
        }
        return out;
    }

    @Test
    void everyMethodOnEveryBackendComputesTheRecurrence() {
        Nd4jRuntime.require();
        for (int[] size : new int[][]{{3, 5}, {5, 17}, {16, 64}, {1, 4}, {4, 1}, {1, 1}}) {
            MultiChannel.Problem p = MultiChannel.Problem.random(size[0], size[1], 3);
            double[][] dense = byHand(p.w(), null, p.x(), p.b()), diag = byHand(null, p.wDiag(), p.x(), p.b());
            for (Backend be : new Backend[]{Backend.PLAIN, Backend.ND4J_CPU}) {
                for (int m = 0; m < 4; m++) {
                    double[][] got = MultiChannel.method(m, p, be);
                    double[][] want = m < 2 ? dense : diag;
                    assertEquals(want.length, got.length);
                    double scale = 1;
                    for (double[] row : want) for (double x : row) scale = Math.max(scale, Math.abs(x));
                    // Plain Java in double; ND4J in float32, as frameworks compute.
                    assertTrue(MultiChannel.maxDiff(want, got) < (be.nd4j() ? 2e-5 : 1e-9) * scale, MultiChannel.METHODS[m] + " on " + be + " at H × T = " + size[0] + " × " + size[1]
                            + ": " + MultiChannel.maxDiff(want, got));
                }
            }
        }
    }

    @Test
    void theTimingSaysWhichBackendRanEachCurve() {
        assertEquals(4, MultiChannel.how(Backend.ND4J_CPU).length);
        assertTrue(MultiChannel.how(Backend.ND4J_CPU)[1].contains("conv1d"));
        assertTrue(MultiChannel.how(Backend.ND4J_CPU)[3].contains("depthwise"));
        assertTrue(MultiChannel.how(Backend.PLAIN)[1].contains("FFT"));
    }
}
