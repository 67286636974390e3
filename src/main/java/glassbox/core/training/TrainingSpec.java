package glassbox.core.training;

import glassbox.core.Fmt;
import glassbox.core.ParamException;

import java.util.Locale;

/**
 * docs/LABS.md §9: what one training run is. Every field but {@code steps} (how far to train) and {@code speed}
 * (how fast to show it) names the run: the same run key gives the same weights at every step, bit for bit.
 *
 * @param length tokens before ⟨START⟩ in the token tasks (the copy task has its fixed four positions)
 * @param dk     query/key width per head; the value width is d_k with W_O, else the output width
 * @param tau    softmax temperature; 0 is argmax (ties share), whose gradient is zero
 * @param init   "random" (each weight N(0, scale²)) or "course" (the copy task's hand-designed W_Q, W_K, W_V at M)
 * @param speed  shown steps per second in the window, 0 = as fast as the machine goes (exports never wait)
 */
public record TrainingSpec(Task task, int length, ModelKind model, Positions positions, int dk, double tau, int heads, boolean wo,
                           String rnnActivation, boolean float32, String init, double initScale, double courseM,
                           Optimiser optimiser, double lr, int batch, long seed, int steps, int speed) {

    public enum Task {
        COPY("copy"), DEDUPE_SORT("dedupe-sort"), REVERSAL("reversal");
        public final String id;
        Task(String id) { this.id = id; }
        public static Task parse(String s) {
            for (Task t : values()) if (t.id.equals(s)) return t;
            throw new ParamException("task", s, "copy, dedupe-sort or reversal");
        }
    }

    public enum ModelKind {
        ATTENTION("attention"), RNN("rnn");
        public final String id;
        ModelKind(String id) { this.id = id; }
        public static ModelKind parse(String s) {
            for (ModelKind t : values()) if (t.id.equals(s)) return t;
            throw new ParamException("model", s, "attention or rnn");
        }
    }

    public enum Positions {
        ONE_HOT("one-hot"), SINUSOIDAL("sinusoidal"), LEARNED("learned"), NONE("none");
        public final String id;
        Positions(String id) { this.id = id; }
        public static Positions parse(String s) {
            for (Positions t : values()) if (t.id.equals(s)) return t;
            throw new ParamException("positions", s, "one-hot, sinusoidal, learned or none");
        }
    }

    public enum Optimiser {
        SGD("sgd"), ADAM("adam");
        public final String id;
        Optimiser(String id) { this.id = id; }
        public static Optimiser parse(String s) {
            for (Optimiser t : values()) if (t.id.equals(s)) return t;
            throw new ParamException("optimiser", s, "sgd or adam");
        }
    }

    /** Most optimisation steps of one run: the curves keep one loss and one norm per matrix per step. */
    public static final int MAX_STEPS = 100_000;
    public static final int MAX_BATCH = 4096;
    public static final int MAX_LENGTH = 8;
    public static final int MAX_DK = 16;
    /** Multiply-adds of one step (forward and backward, about 3× the forward) above which a run is refused. */
    public static final long MAX_STEP_MACS = 50_000_000L;
    /**
     * Multiply-adds of a whole run (steps × batch × one example's forward and backward) above which it is refused: the
     * caps on steps and batch alone allowed 10⁵ steps of 4,096 examples (minutes; the long fuzz run found an export of
     * 6·10¹⁰ that took 88 s). 2·10¹⁰ is about 15 s of plain Java on one core here.
     */
    public static final long MAX_RUN_MACS = 20_000_000_000L;
    /** One example of the 1-D RNN, forward and backward, in multiply-adds' worth of time per position (measured: its tanh and rounding cost as much as ~30 multiply-adds). */
    static final int RNN_POSITION_MACS = 30;
    /** Examples in the fixed held-out set. */
    public static final int HELD_OUT = 1024;

    public TrainingSpec {
        if (!(lr > 0) || Double.isInfinite(lr)) throw new ParamException("lr", Fmt.num(lr), "a finite learning rate > 0");
        if (batch < 1 || batch > MAX_BATCH) throw new ParamException("batch", Integer.toString(batch), "1 to " + MAX_BATCH);
        if (steps < 0 || steps > MAX_STEPS) throw new ParamException("steps", Integer.toString(steps), "0 to " + MAX_STEPS);
        if (speed < 0) throw new ParamException("speed", Integer.toString(speed), "0 (as fast as possible) or more steps per second");
        if (length < 2 || length > MAX_LENGTH) throw new ParamException("length", Integer.toString(length), "2 to " + MAX_LENGTH);
        if (dk < 1 || dk > MAX_DK) throw new ParamException("d_k", Integer.toString(dk), "1 to " + MAX_DK);
        if (heads < 1 || heads > 2) throw new ParamException("heads", Integer.toString(heads), "1 or 2");
        if (!(tau >= 0) || Double.isInfinite(tau)) throw new ParamException("tau", Fmt.num(tau), "a finite temperature ≥ 0 (0 = argmax)");
        if (!(initScale > 0) || Double.isInfinite(initScale)) throw new ParamException("init_scale", Fmt.num(initScale), "a finite scale > 0");
        if (!rnnActivation.equals("tanh") && !rnnActivation.equals("identity")) throw new ParamException("rnn_g", rnnActivation, "tanh or identity");
        if (!init.equals("random") && !init.equals("course")) throw new ParamException("init", init, "random or course");
        if (model == ModelKind.RNN && task != Task.COPY) {
            throw new ParamException("model", "rnn", "attention for " + task.id + " (the 1-D RNN is the copy task's contrast)");
        }
        if (init.equals("course")) {
            if (task != Task.COPY || model != ModelKind.ATTENTION) throw new ParamException("init", "course", "random: the course's weights are the copy task's attention model");
            if (positions != Positions.ONE_HOT || dk != 1 || heads != 1 || wo) {
                throw new ParamException("init", "course", "random unless positions = one-hot, d_k = 1, heads = 1 and no W_O (the course's shapes)");
            }
            if (!(Math.abs(courseM) < 1e150)) throw new ParamException("M", Fmt.num(courseM), "a finite M");
        }
        long perExample = model == ModelKind.ATTENTION ? stepMacs(task, length, positions, dk, heads, wo) : (long) RNN_POSITION_MACS * maxT(task, length);
        long macs = perExample * batch;
        if (model == ModelKind.ATTENTION && macs > MAX_STEP_MACS) {
            throw new ParamException("batch", Integer.toString(batch), "at most " + Fmt.count(MAX_STEP_MACS) + " multiply-adds per step; this is "
                    + Fmt.count(macs) + " (batch × " + Fmt.count(macs / batch) + ")");
        }
        double run = (double) macs * steps;
        if (run > MAX_RUN_MACS) {
            long most = MAX_RUN_MACS / macs;
            throw new ParamException("steps", Integer.toString(steps), "at most " + Fmt.count(most) + " steps at batch " + batch + ": the run's "
                    + Fmt.count((long) run) + " multiply-adds (steps × batch × " + Fmt.count(perExample) + ") are over the lab's "
                    + Fmt.count(MAX_RUN_MACS) + " (about 15 s); lower steps or batch");
        }
    }

    /** Longest sequence of the task: 4 for the copy task, the tokens, ⟨START⟩, the answer (and ⟨STOP⟩). */
    public int maxT() {
        return maxT(task, length);
    }

    static int maxT(Task task, int length) {
        return switch (task) {
            case COPY -> 4;
            case REVERSAL -> 2 * length + 1;
            case DEDUPE_SORT -> 2 * length + 2;
        };
    }

    /** Features per token besides the position: the copy task's x, or the one-hot token over the six-token vocabulary. */
    public int features() {
        return task == Task.COPY ? 1 : Tasks.VOCAB.size();
    }

    /** Width of the position part of a token: T_max for one-hot, sinusoidal and learned, 0 for none. */
    public int posDim() {
        return positions == Positions.NONE ? 0 : maxT();
    }

    public int d() {
        return posDim() + features();
    }

    /** Output width per position: 1 (the copy task's prediction) or the vocabulary's logits. */
    public int out() {
        return features();
    }

    public int dv() {
        return wo ? dk : out();
    }

    private static long stepMacs(Task task, int length, Positions pos, int dk, int heads, boolean wo) {
        int t = maxT(task, length), e = task == Task.COPY ? 1 : Tasks.VOCAB.size();
        int d = (pos == Positions.NONE ? 0 : t) + e, out = e, dv = wo ? dk : out;
        long fwd = (long) heads * t * (d * (2L * dk + dv) + (long) t * (dk + dv)) + (wo ? (long) t * heads * dv * out : 0);
        return 3 * fwd;
    }

    /**
     * The run's identity: everything but how far and how fast, with the fields that have no effect (the RNN's
     * attention settings, the attention model's RNN settings, the copy task's length, the unused start's scale or
     * M) at one value, so changing them keeps the run.
     */
    public TrainingSpec runKey() {
        boolean rnn = model == ModelKind.RNN, course = init.equals("course");
        return new TrainingSpec(task, task == Task.COPY ? 3 : length, model, rnn ? Positions.ONE_HOT : positions, rnn ? 1 : dk, rnn ? 1 : tau,
                rnn ? 1 : heads, !rnn && wo, rnn ? rnnActivation : "tanh", !rnn || float32, init, course ? 1 : initScale, course ? courseM : 10,
                optimiser, lr, batch, seed, 0, 0);
    }

    /** The same run trained to {@code n} steps. */
    public TrainingSpec withSteps(int n) {
        return new TrainingSpec(task, length, model, positions, dk, tau, heads, wo, rnnActivation, float32, init, initScale, courseM,
                optimiser, lr, batch, seed, n, speed);
    }

    /** The same run shown at {@code n} steps per second (0: as fast as it goes). */
    public TrainingSpec withSpeed(int n) {
        return new TrainingSpec(task, length, model, positions, dk, tau, heads, wo, rnnActivation, float32, init, initScale, courseM,
                optimiser, lr, batch, seed, steps, n);
    }

    /** The best expected loss of the task: ½ for the copy task (the medians at positions 1 and 2), 0 for the deterministic token tasks. */
    public double optimum() {
        return task == Task.COPY ? 0.5 : 0;
    }

    public String describe() {
        return String.format(Locale.ROOT, "%s, %s", task.id, model.id);
    }
}
