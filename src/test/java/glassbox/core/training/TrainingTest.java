package glassbox.core.training;

import glassbox.core.ParamException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

class TrainingTest {

    static TrainingSpec spec(String task, String model, String pos, int dk, double tau, int heads, boolean wo, String g, boolean f32,
                             String opt, double lr, int batch, long seed) {
        return new TrainingSpec(TrainingSpec.Task.parse(task), 3, TrainingSpec.ModelKind.parse(model), TrainingSpec.Positions.parse(pos), dk, tau,
                heads, wo, g, f32, "random", 0.7, 10, TrainingSpec.Optimiser.parse(opt), lr, batch, seed, 0, 0);
    }

    static TrainingSpec copy(String pos, double tau, String opt, double lr, long seed) {
        return spec("copy", "attention", pos, 1, tau, 1, false, "tanh", false, opt, lr, 64, seed);
    }

    /** Every model, positional code, head count, W_O choice and loss of the lab. */
    static List<TrainingSpec> everyModel() {
        List<TrainingSpec> out = new ArrayList<>();
        long seed = 11;
        for (String task : new String[]{"copy", "dedupe-sort", "reversal"}) {
            for (String pos : new String[]{"one-hot", "sinusoidal", "learned", "none"}) {
                for (int heads = 1; heads <= 2; heads++) {
                    for (boolean wo : new boolean[]{false, true}) {
                        out.add(spec(task, "attention", pos, 1 + heads, 0.5 + 0.4 * heads, heads, wo, "tanh", false, "adam", 0.01, 8, seed++));
                    }
                }
            }
        }
        for (String g : new String[]{"tanh", "identity"}) out.add(spec("copy", "rnn", "one-hot", 1, 1, 1, false, g, false, "sgd", 0.01, 8, seed++));
        return out;
    }

    /** Central differences over every coordinate, written here independently of GradCheck. */
    static double[] finiteDifferences(Net net, double[] theta, Tasks.Example[] batch) {
        double[] fd = new double[theta.length];
        for (int i = 0; i < theta.length; i++) {
            double[] up = theta.clone(), down = theta.clone();
            double h = 1e-6;
            up[i] += h;
            down[i] -= h;
            fd[i] = (net.loss(up, batch, null) - net.loss(down, batch, null)) / (2 * h);
        }
        return fd;
    }

    @Test
    void gradientsMatchFiniteDifferencesForEveryModelAndLossAtRandomPoints() {
        for (TrainingSpec s : everyModel()) {
            Net net = Net.of(s);
            SplittableRandom r = new SplittableRandom(s.seed());
            for (int point = 0; point < 3; point++) {
                double[] theta = new double[net.layout().size()];
                for (int i = 0; i < theta.length; i++) theta[i] = 0.8 * r.nextGaussian();
                Tasks.Example[] batch = Tasks.batch(s, 100 + point, 5);
                double[] g = new double[theta.length];
                net.loss(theta, batch, g);
                double[] fd = finiteDifferences(net, theta, batch);
                double scale = Arrays.stream(fd).map(Math::abs).max().orElse(0);
                assertTrue(scale > 1e-3, s.describe() + ": a gradient that is all zero cannot check anything");
                for (int i = 0; i < theta.length; i++) {
                    assertEquals(fd[i], g[i], 1e-6 * Math.max(1, scale), s.describe() + " " + s.positions().id + " heads " + s.heads() + " W_O " + s.wo()
                            + " coordinate " + i);
                }
                assertTrue(GradCheck.check(net, theta, batch).maxRelative() < 1e-4, "the lab's own check agrees");
            }
        }
    }

    /** The copy task's prediction written out with matrices as in the problem set (docs/LABS.md §4): one-hot positions, causal softmax at τ. */
    static double[] referenceCopy(double[] wq, double[] wk, double[] wv, double tau, double[] x) {
        double[][] z = new double[4][5];
        for (int i = 0; i < 4; i++) {
            z[i][i] = 1;
            z[i][4] = x[i];
        }
        double[] q = new double[4], k = new double[4], v = new double[4], o = new double[4];
        for (int i = 0; i < 4; i++) for (int c = 0; c < 5; c++) {
            q[i] += z[i][c] * wq[c];
            k[i] += z[i][c] * wk[c];
            v[i] += z[i][c] * wv[c];
        }
        for (int i = 0; i < 4; i++) {
            double[] w = new double[i + 1];
            double sum = 0;
            for (int j = 0; j <= i; j++) sum += w[j] = Math.exp(q[i] * k[j] / tau);
            for (int j = 0; j <= i; j++) o[i] += w[j] / sum * v[j];
        }
        return o;
    }

    @Test
    void copyForwardMatchesTheProblemSetsMatrices() {
        TrainingSpec s = copy("one-hot", 1.7, "adam", 0.01, 3);
        AttentionNet net = new AttentionNet(s);
        double[] theta = net.init(s);
        Tasks.Example ex = Tasks.batch(s, 0, 1)[0];
        double[] o = referenceCopy(Arrays.copyOfRange(theta, 0, 5), Arrays.copyOfRange(theta, 5, 10), Arrays.copyOfRange(theta, 10, 15), 1.7, ex.x());
        AttentionNet.View view = net.view(theta, ex);
        double l1 = 0;
        for (int i = 0; i < 4; i++) {
            assertEquals(o[i], view.outputs()[i][0], 1e-12);
            l1 += Math.abs(o[i] - ex.y()[i]);
        }
        assertEquals(l1, view.loss(), 1e-12);
        assertEquals(List.of(0.0, ex.y()[0], ex.y()[1], ex.y()[0]), Arrays.stream(ex.x()).boxed().toList(), "x = (0, u1, u2, u1)");
    }

    @Test
    void courseWeightsAtLargeMReachTheOptimumWithNearZeroGradient() {
        TrainingSpec s = Training.course(10);
        Net net = Net.of(s);
        double[] theta = net.init(s);
        Tasks.Example[] big = Tasks.batch(s, 7, 100_000);
        double[] g = new double[theta.length];
        double loss = net.loss(theta, big, g);
        // Positions 3 and 4 are routed exactly; 1 and 2 predict ½: E|½ − u| = ¼ each.
        assertEquals(0.5, loss, 0.01);
        double norm = Math.sqrt(Arrays.stream(g).map(x -> x * x).sum());
        assertTrue(norm < 0.02, "‖∇‖ = " + norm);
        // A small M does not route: the loss is well above ½.
        TrainingSpec small = Training.course(0.5);
        assertTrue(Net.of(small).loss(Net.of(small).init(small), big, null) > 0.6);
    }

    @Test
    void argmaxAttentionGivesExactlyZeroGradientToWqAndWk() {
        for (String task : new String[]{"copy", "dedupe-sort", "reversal"}) {
            TrainingSpec s = spec(task, "attention", "one-hot", 2, 0, 2, true, "tanh", false, "adam", 0.01, 16, 5);
            Net net = Net.of(s);
            double[] theta = net.init(s), g = new double[theta.length];
            net.loss(theta, Tasks.batch(s, 0, 16), g);
            for (Layout.Block b : net.layout().blocks()) {
                double[] part = Arrays.copyOfRange(g, b.offset(), b.offset() + b.size());
                boolean zero = Arrays.stream(part).allMatch(x -> x == 0);
                if (b.name().startsWith("W_Q") || b.name().startsWith("W_K")) assertTrue(zero, task + " " + b.name());
                else assertFalse(zero, task + " " + b.name() + " still learns");
            }
            // Trained: W_Q and W_K never move.
            Run r = new Run(s);
            Run.Snapshot after = r.trainTo(50);
            double[] start = net.init(s);
            for (Layout.Block b : net.layout().blocks()) {
                if (!b.name().startsWith("W_Q") && !b.name().startsWith("W_K")) continue;
                for (int i = b.offset(); i < b.offset() + b.size(); i++) assertEquals(start[i], after.theta()[i], 0.0);
                for (int k = 0; k < 50; k++) assertEquals(0.0, after.gradNorm()[net.layout().blocks().indexOf(b)][k]);
            }
        }
    }

    @Test
    void aSeededRunIsReproducibleStepForStepAndGoingBackRetrainsTheSame() {
        TrainingSpec s = copy("learned", 1, "adam", 0.02, 9);
        Run.Snapshot a = new Run(s).trainTo(1300);
        Run.Snapshot b = new Run(s).trainTo(1300);
        assertArrayEquals(Arrays.copyOf(a.trainLoss(), 1300), Arrays.copyOf(b.trainLoss(), 1300));
        assertArrayEquals(a.theta(), b.theta());
        Run back = new Run(s);
        back.trainTo(1300);
        Run.Snapshot c = back.trainTo(1100);
        Run.Snapshot fresh = new Run(s).trainTo(1100);
        assertEquals(1100, c.step());
        assertArrayEquals(fresh.theta(), c.theta());
        assertArrayEquals(Arrays.copyOf(fresh.heldLoss(), fresh.heldCount()), Arrays.copyOf(c.heldLoss(), c.heldCount()));
        // Another seed is another run.
        assertFalse(Arrays.equals(a.theta(), new Run(copy("learned", 1, "adam", 0.02, 10)).trainTo(1300).theta()));
    }

    @Test
    void aShortSeededRunFromRandomWeightsLearnsTheCopyTaskRouting() {
        // 1,000 Adam steps (well under a second): from a held-out loss of 2.8 to below 0.55, which needs the routing
        // (without positions the same run stays above 1.1, at τ = 0 above 0.85).
        Run.Snapshot s = new Run(copy("one-hot", 1, "adam", 0.02, 1)).trainTo(1000);
        assertTrue(s.heldLoss()[0] > 2, "starts far off: " + s.heldLoss()[0]);
        double end = s.heldLoss()[s.heldCount() - 1];
        assertTrue(end < 0.55, "held-out loss after 1000 steps " + end);
        assertTrue(new Run(copy("none", 1, "adam", 0.02, 1)).trainTo(1000).heldLoss()[40] > 1.0);
        assertTrue(new Run(copy("one-hot", 0, "adam", 0.02, 1)).trainTo(1000).heldLoss()[40] > 0.85);
    }

    @Test
    void theRnnStallsAboveTheOptimum() {
        for (boolean f32 : new boolean[]{true, false}) {
            Run.Snapshot s = new Run(spec("copy", "rnn", "one-hot", 1, 1, 1, false, "tanh", f32, "adam", 0.02, 64, 1)).trainTo(2000);
            double end = s.heldLoss()[s.heldCount() - 1];
            assertTrue(end > 0.7, "RNN held-out loss " + end);
            assertTrue(end < s.heldLoss()[0], "it does learn something");
        }
    }

    @Test
    void aDivergingRunStopsWithTheStepAndKeepsTheLastFiniteWeights() {
        Run r = new Run(spec("dedupe-sort", "attention", "one-hot", 2, 1, 1, true, "tanh", false, "sgd", 1e300, 8, 1));
        Run.Snapshot s = r.trainTo(100);
        assertNotNull(s.stopped());
        assertTrue(s.stopped().startsWith("diverged at step " + (s.step() + 1) + ":"), s.stopped());
        assertTrue(s.step() < 100);
        assertTrue(Arrays.stream(s.theta()).allMatch(Double::isFinite));
        for (int k = 0; k < s.step(); k++) assertTrue(Double.isFinite(s.trainLoss()[k]));
    }

    @Test
    void badInputsAreRefusedNamingTheKey() {
        assertEquals("lr", assertThrows(ParamException.class, () -> copy("one-hot", 1, "sgd", 0, 1)).key());
        assertEquals("lr", assertThrows(ParamException.class, () -> copy("one-hot", 1, "sgd", Double.NaN, 1)).key());
        assertEquals("lr", assertThrows(ParamException.class, () -> copy("one-hot", 1, "sgd", Double.POSITIVE_INFINITY, 1)).key());
        assertEquals("batch", assertThrows(ParamException.class, () -> spec("copy", "attention", "one-hot", 1, 1, 1, false, "tanh", false, "sgd", 0.1, 0, 1)).key());
        assertEquals("batch", assertThrows(ParamException.class,
                () -> spec("copy", "attention", "one-hot", 1, 1, 1, false, "tanh", false, "sgd", 0.1, TrainingSpec.MAX_BATCH + 1, 1)).key());
        assertEquals("model", assertThrows(ParamException.class, () -> spec("reversal", "rnn", "one-hot", 1, 1, 1, false, "tanh", false, "sgd", 0.1, 8, 1)).key());
        ParamException e = assertThrows(ParamException.class, () -> new TrainingSpec(TrainingSpec.Task.DEDUPE_SORT, 8, TrainingSpec.ModelKind.ATTENTION,
                TrainingSpec.Positions.LEARNED, 16, 1, 2, true, "tanh", false, "random", 1, 1, TrainingSpec.Optimiser.ADAM, 0.1, 4096, 1, 10, 0));
        assertEquals("batch", e.key());
        assertTrue(e.getMessage().contains("multiply-adds"), e.getMessage());
    }

    @Test
    void theNextTokenDistributionIsTheSoftmaxWhoseCrossEntropyIsTheLoss() {
        for (String task : new String[]{"dedupe-sort", "reversal"}) {
            TrainingSpec s = spec(task, "attention", "sinusoidal", 2, 1.3, 2, true, "tanh", false, "adam", 0.01, 8, 4);
            AttentionNet net = new AttentionNet(s);
            double[] theta = net.init(s);
            for (Tasks.Example ex : Tasks.batch(s, 3, 10)) {
                AttentionNet.View v = net.view(theta, ex);
                double ce = 0;
                for (int t = 0; t < ex.length(); t++) {
                    double sum = 0;
                    for (double p : v.probs()[t]) sum += p;
                    assertEquals(1, sum, 1e-12);
                    if (ex.target()[t] >= 0) ce -= Math.log(v.probs()[t][ex.target()[t]]);
                }
                assertEquals(ce / ex.predicted(), v.loss(), 1e-12);
            }
        }
        assertNull(new AttentionNet(copy("one-hot", 1, "adam", 0.01, 1)).view(new double[15], Tasks.batch(copy("one-hot", 1, "adam", 0.01, 1), 0, 1)[0]).probs());
    }

    @Test
    void theTokenTasksAreTheSortedDistinctTokensAndTheReversal() {
        TrainingSpec d = spec("dedupe-sort", "attention", "one-hot", 1, 1, 1, true, "tanh", false, "adam", 0.01, 8, 2);
        for (Tasks.Example ex : Tasks.batch(d, 0, 50)) {
            int[] seq = ex.tokens();
            java.util.TreeSet<Integer> distinct = new java.util.TreeSet<>();
            for (int i = 0; i < 3; i++) distinct.add(seq[i]);
            assertEquals(4, seq[3], "<START> after the 3 tokens");
            List<Integer> answer = new ArrayList<>();
            for (int i = 4; i < seq.length - 1; i++) answer.add(seq[i]);
            assertEquals(new ArrayList<>(distinct), answer);
            assertEquals(5, seq[seq.length - 1], "<STOP> last");
            for (int i = 0; i < seq.length; i++) assertEquals(i >= 3 && i < seq.length - 1 ? seq[i + 1] : -1, ex.target()[i]);
        }
        TrainingSpec r = spec("reversal", "attention", "one-hot", 1, 1, 1, true, "tanh", false, "adam", 0.01, 8, 2);
        for (Tasks.Example ex : Tasks.batch(r, 0, 50)) {
            int[] seq = ex.tokens();
            assertEquals(7, seq.length);
            for (int i = 0; i < 3; i++) assertEquals(seq[i], seq[6 - i]);
        }
    }
}
