package glassbox.core.training;

import glassbox.core.Fmt;

import java.util.Arrays;
import java.util.TreeMap;

/**
 * One training run's state: θ, the optimiser's moments, the curves and checkpoints. Step k trains on the batch
 * seeded by (seed, k), so the state after n steps is a function of the run key and n alone: going back (pause, one
 * step back) restores the last checkpoint at or before n and trains forward again. Not thread-safe: the owner
 * locks it (Trainer) or uses it on one thread (tests, bench).
 *
 * <p>The curve arrays are only appended to: entries below a published count never change (a rewind or a growth
 * allocates new arrays), so a {@link Snapshot} shares them without copying.
 */
public final class Run {
    /** Held-out loss every this many steps (and at step 0). */
    public static final int EVAL_EVERY = 25;
    static final int CHECKPOINT_EVERY = 1000;
    /** A batch loss above this counts as divergence ("loss → ∞"): the weights before it are still usable numbers. */
    public static final double MAX_LOSS = 1e30;

    private record Checkpoint(double[] theta, double[] m, double[] v) {}

    final TrainingSpec key;
    private final Net net;
    private final Layout layout;
    private final Tasks.Example[] held;
    private double[] theta, m, v, next, grad;
    private int step;
    private double[] trainLoss = new double[256];
    private double[][] gradNorm;
    private double[] heldLoss = new double[16];
    private int heldCount;
    private final double[] norms;
    private final TreeMap<Integer, Checkpoint> checkpoints = new TreeMap<>();
    private String stopped;
    private int maxReached;
    private long stepNanos;
    private int timedSteps;
    private GradCheck.Result fd;

    public Run(TrainingSpec spec) {
        key = spec.runKey();
        net = Net.of(key);
        layout = net.layout();
        held = Tasks.heldOut(key);
        theta = net.init(key);
        int n = theta.length;
        m = new double[n];
        v = new double[n];
        next = new double[n];
        grad = new double[n];
        norms = new double[layout.blocks().size()];
        gradNorm = new double[norms.length][256];
        checkpoints.put(0, new Checkpoint(theta.clone(), m.clone(), v.clone()));
        heldLoss[heldCount++] = net.loss(theta, held, null);
    }

    public int step() { return step; }

    public String stopped() { return stopped; }

    int maxReached() { return maxReached; }

    /** The gradient check at step 0 (run once: it costs up to 2 · 256 losses). */
    public GradCheck.Result gradCheck() {
        if (fd == null) fd = checkStart();
        return fd;
    }

    /** The check itself, reading only the immutable step-0 checkpoint: the Trainer runs it without holding the run. */
    GradCheck.Result checkStart() {
        Checkpoint c = checkpoints.get(0);
        // The double model: float32 rounding would swamp a difference quotient at h = 10⁻⁵.
        Net exact = key.model() == TrainingSpec.ModelKind.RNN ? new RnnNet(key, false) : Net.of(key);
        return GradCheck.check(exact, c.theta(), Arrays.copyOf(held, 16));
    }

    void setGradCheck(GradCheck.Result r) {
        fd = r;
    }

    boolean gradChecked() { return fd != null; }

    /** One optimisation step; false (and the state left at the last finite step) when the run stopped. */
    public boolean stepOnce() {
        if (stopped != null) return false;
        long t0 = System.nanoTime();
        Arrays.fill(grad, 0);
        double loss = net.loss(theta, Tasks.batch(key, step, key.batch()), grad);
        if (!(loss <= MAX_LOSS) || !finite(grad)) {
            String what = Double.isNaN(loss) ? "the loss is NaN" : loss > MAX_LOSS ? "the loss is " + Fmt.sig(loss, 3) + " > " + Fmt.sig(MAX_LOSS, 1)
                    : "the gradient is not finite";
            stopped = "diverged at step " + (step + 1) + ": " + what + "; kept the weights of step " + step;
            return false;
        }
        Optimiser.step(key.optimiser(), key.lr(), step + 1, theta, grad, m, v, next);
        if (!finite(next)) {
            stopped = "diverged at step " + (step + 1) + ": a weight overflowed (loss " + Fmt.sig(loss, 4) + " before the step); kept the weights of step " + step;
            return false;
        }
        double[] t = theta;
        theta = next;
        next = t;
        layout.norms(grad, norms);
        if (step == trainLoss.length) {
            trainLoss = Arrays.copyOf(trainLoss, step * 2);
            for (int b = 0; b < gradNorm.length; b++) gradNorm[b] = Arrays.copyOf(gradNorm[b], step * 2);
        }
        trainLoss[step] = loss;
        for (int b = 0; b < norms.length; b++) gradNorm[b][step] = norms[b];
        step++;
        if (step % EVAL_EVERY == 0) {
            if (heldCount == heldLoss.length) heldLoss = Arrays.copyOf(heldLoss, heldCount * 2);
            heldLoss[heldCount++] = net.loss(theta, held, null);
        }
        if (step % CHECKPOINT_EVERY == 0 && !checkpoints.containsKey(step)) checkpoints.put(step, new Checkpoint(theta.clone(), m.clone(), v.clone()));
        maxReached = Math.max(maxReached, step);
        stepNanos += System.nanoTime() - t0;
        timedSteps++;
        return true;
    }

    /** Back to the checkpoint at or before step {@code n} ≤ the current step; training forward replays the same steps. */
    public void rewindTo(int n) {
        var c = checkpoints.floorEntry(n);
        step = c.getKey();
        theta = c.getValue().theta().clone();
        m = c.getValue().m().clone();
        v = c.getValue().v().clone();
        trainLoss = Arrays.copyOf(trainLoss, Math.max(256, trainLoss.length));
        for (int b = 0; b < gradNorm.length; b++) gradNorm[b] = Arrays.copyOf(gradNorm[b], trainLoss.length);
        heldCount = step / EVAL_EVERY + 1;
        heldLoss = Arrays.copyOf(heldLoss, heldLoss.length);
        stopped = null;
    }

    private static boolean finite(double[] a) {
        for (double x : a) if (!Double.isFinite(x)) return false;
        return true;
    }

    /** What the run shows now. The arrays are shared (see the class comment); θ is copied. */
    public record Snapshot(TrainingSpec key, int step, double[] theta, Layout layout, double[] trainLoss, double[][] gradNorm,
                           double[] heldLoss, int heldCount, String stopped, double stepsPerSecond, GradCheck.Result gradCheck,
                           Tasks.Example[] heldOut) {}

    public Snapshot snapshot() {
        return new Snapshot(key, step, theta.clone(), layout, trainLoss, gradNorm.clone(), heldLoss, heldCount, stopped,
                timedSteps == 0 ? Double.NaN : timedSteps / (stepNanos / 1e9), fd, held);
    }

    public Tasks.Example[] heldOut() { return held; }

    /** Trains to {@code n} steps on this thread (tests, bench, exports), going back first when past it. */
    public Snapshot trainTo(int n) {
        if (n < step) rewindTo(n);
        while (step < n && stepOnce()) {
            // until n or stopped
        }
        gradCheck();
        return snapshot();
    }
}
