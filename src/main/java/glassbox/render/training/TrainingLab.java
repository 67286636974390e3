package glassbox.render.training;

import glassbox.core.Backend;
import glassbox.core.Fmt;
import glassbox.core.Param;
import glassbox.core.ParamException;
import glassbox.core.Readout;
import glassbox.core.Values;
import glassbox.core.training.GradCheck;
import glassbox.core.training.Layout;
import glassbox.core.training.Run;
import glassbox.core.training.Training;
import glassbox.core.training.TrainingResult;
import glassbox.core.training.TrainingSpec;
import glassbox.render.Figure;
import glassbox.render.FormulaFigure;
import glassbox.render.Lab;
import glassbox.render.LabAction;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * docs/LABS.md §9: the course's tiny models trained live. {@code steps} is how far to train: the run trains towards it
 * in the background and the window polls it (render.Lab.pending); play, pause, one step and reset set it.
 */
public final class TrainingLab implements Lab<TrainingResult> {

    /** The trainer and its thread, one per lab object. */
    private final Training training = new Training();

    private static final List<Param> PARAMS = List.of(
            Param.choice("task", "Task", List.of("copy", "dedupe-sort", "reversal"), "copy",
                    "copy: x = (0, u₁, u₂, u₁) → y = (u₁, u₂, u₁, u₂), L1 loss, best expected loss ½; dedupe-sort: tokens over A–D → their sorted "
                            + "distinct tokens and <STOP>; reversal: the tokens backwards. Token tasks: teacher forcing, cross-entropy.").in("Task"),
            Param.integer("length", "Tokens (token tasks)", 2, TrainingSpec.MAX_LENGTH, 3, "Input tokens before <START> in dedupe-sort and reversal.").in("Task"),
            Param.choice("model", "Model", List.of("attention", "rnn"), "attention",
                    "attention: one layer of causal attention; rnn: the 1-D RNN h_t = g(w h_{t−1} + a x_t + b_h), o_t = c h_t + b (copy task only).").in("Model"),
            Param.choice("positions", "Positions", List.of("one-hot", "sinusoidal", "learned", "none"), "one-hot",
                    "The position part p_t of each token z_t = (p_t, x_t): e_t, sin/cos pairs, a learned T×T matrix, or nothing.").in("Model"),
            Param.integer("d_k", "d_k", 1, TrainingSpec.MAX_DK, 1, "Query and key width per head (values: d_k with W_O, else the output width).").in("Model"),
            Param.real("tau", "Temperature τ", 0, 100, 1, "P = softmax(QKᵀ/τ); 0 = argmax (ties share), whose gradient is exactly zero; √d_k is the usual scaling.").in("Model"),
            Param.integer("heads", "Heads", 1, 2, 1, "One or two heads; without W_O their outputs add.").in("Model"),
            Param.bool("wo", "W_O", false, "An output matrix after the heads: o = [H¹ H²] W_O.").in("Model"),
            Param.choice("rnn_g", "RNN activation g", List.of("tanh", "identity"), "tanh", "g in h_t = g(w h_{t−1} + a x_t + b_h).").in("Model"),
            Param.bool("float32", "RNN float32 state", true, "Round the RNN's state and output to float32 at every step (its weights stay double).").in("Model"),
            Param.choice("init", "Start from", List.of("random", "course"), "random",
                    "random: every weight N(0, scale²) from the seed; course: the problem set's W_Q, W_K, W_V at M (copy task, one-hot, d_k = 1, one head).").in("Start"),
            Param.logReal("init_scale", "Random scale", 0.01, 10, 0.5, "Standard deviation of the random starting weights.").in("Start"),
            Param.real("M", "M (course weights)", 0, 100, 10, "W_Q = [0, M, −M, M, 0], W_K = [M, 0, 2M, −M, 0], W_V = [½, 0, 0, 0, 1].").in("Start"),
            Param.integer("seed", "Seed", 0, Integer.MAX_VALUE, 1, "Seeds the starting weights, every batch and the held-out set.").in("Start"),
            Param.choice("optimiser", "Optimiser", List.of("adam", "sgd"), "adam", "SGD θ ← θ − η g, or Adam (β₁ = 0.9, β₂ = 0.999, ε = 10⁻⁸).").in("Training"),
            Param.logReal("lr", "Learning rate η", 1e-5, 1e6, 0.02, "Step size; must be finite and > 0. Large SGD steps diverge: the run stops there.").in("Training"),
            Param.integer("batch", "Batch size", 1, TrainingSpec.MAX_BATCH, 64, "Examples per step: smaller batches give noisier steps.").in("Training"),
            Param.integer("steps", "Train to step", 0, TrainingSpec.MAX_STEPS, 2000,
                    "How far to train (Play, Pause, One step and Reset set it). Going back retrains from the last checkpoint: the same steps. "
                            + "A run is at most " + glassbox.core.Fmt.count(TrainingSpec.MAX_RUN_MACS) + " multiply-adds (steps × batch × one example's), about 15 s.").in("Training"),
            Param.integer("speed", "Shown steps/s", 0, 100_000, 500, "How fast the window trains, to watch it; 0 = as fast as the machine goes. Exports never wait.").in("Training"),
            Param.integer("example", "Example", 1, TrainingSpec.HELD_OUT, 1, "Which held-out example the attention maps show.").in("View"),
            Param.integer("head", "Head shown", 1, 2, 1, "Which head's attention map is shown.").in("View")
    );

    @Override public String id() { return "training"; }

    @Override public String title() { return "Training: gradient descent on tiny attention models"; }

    @Override public String summary() {
        return "Train the course's copy-task attention model and 1-D RNN live: the loss falls to ½ as the routing appears, or stays flat at τ = 0.";
    }

    @Override public String formulas() {
        return """
                Copy task: u₁, u₂ ~ U[0,1], x = (0, u₁, u₂, u₁), y = (u₁, u₂, u₁, u₂); loss Σ_t |o_t − y_t|; best expected loss ½ (E|u − ½| = ¼ at t = 1, 2).
                Tokens z_t = (p_t, x_t); per head Q = Z W_Q, K = Z W_K, V = Z W_V, P = softmax_row(Q Kᵀ/τ) over j ≤ t (τ = 0: argmax, gradient 0);
                o = [P¹V¹ P²V²] W_O, or the sum of the heads without W_O. Token tasks: o_t are logits, cross-entropy against token t+1 from <START> on, averaged.
                RNN: z_t = w h_{t−1} + a x_t + b_h, h_t = g(z_t), h_0 = 0, o_t = c h_t + b.
                Mean loss over a seeded batch of B; SGD θ ← θ − η g; Adam m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², θ ← θ − η m̂/(√v̂ + ε).
                Gradient check: (f(θ + h e_i) − f(θ − h e_i))/2h, h = 10⁻⁵ max(1, |θ_i|); difference |g − fd|/max(|g|, |fd|, 10⁻⁶).
                Positions t are numbered from 1 in the figures; steps from 0 (step n = after n updates).""";
    }

    @Override public List<Param> params() { return PARAMS; }

    @Override
    public Map<String, String> inactive(Values v) {
        Map<String, String> out = new LinkedHashMap<>();
        if (v.s("task").equals("copy")) out.put("length", "Tokens has no effect: the copy task has its four positions. Choose dedupe-sort or reversal to use it.");
        if (v.s("model").equals("rnn")) {
            for (String k : List.of("positions", "d_k", "tau", "heads", "wo", "head")) {
                out.put(k, PARAMS.stream().filter(p -> p.key().equals(k)).findFirst().orElseThrow().label()
                        + " has no effect: the RNN has no attention. Choose Model attention to use it.");
            }
        } else {
            out.put("rnn_g", "RNN activation has no effect on the attention model. Choose Model rnn to use it.");
            out.put("float32", "RNN float32 state has no effect on the attention model. Choose Model rnn to use it.");
            if (v.i("heads") == 1) out.put("head", "Head shown has no effect: there is one head. Set Heads to 2 to use it.");
        }
        if (v.s("init").equals("random")) out.put("M", "M has no effect: the start is random. Choose Start from course to use it.");
        else out.put("init_scale", "Random scale has no effect: the start is the course's weights. Choose Start from random to use it.");
        return out;
    }

    @Override
    public Values resolve(Values v) {
        Values out = v;
        // The RNN is the copy task's contrast; the course's weights have the course's shapes.
        if (!v.isSet("model") && v.s("model").equals("rnn") && !v.s("task").equals("copy")) out = out.follow("model", "attention");
        if (!v.isSet("init") && v.s("init").equals("course") && !courseShapes(out)) out = out.follow("init", "random");
        if (!v.isSet("head") && v.i("head") > v.i("heads")) out = out.follow("head", Integer.toString(v.i("heads")));
        return out;
    }

    private static boolean courseShapes(Values v) {
        return v.s("task").equals("copy") && v.s("model").equals("attention") && v.s("positions").equals("one-hot") && v.i("d_k") == 1
                && v.i("heads") == 1 && !v.b("wo");
    }

    public static TrainingSpec spec(Values v) {
        return new TrainingSpec(TrainingSpec.Task.parse(v.s("task")), v.i("length"), TrainingSpec.ModelKind.parse(v.s("model")),
                TrainingSpec.Positions.parse(v.s("positions")), v.i("d_k"), v.d("tau"), v.i("heads"), v.b("wo"), v.s("rnn_g"), v.b("float32"),
                v.s("init"), v.d("init_scale"), v.d("M"), TrainingSpec.Optimiser.parse(v.s("optimiser")), v.d("lr"), v.i("batch"), v.seed("seed"),
                v.i("steps"), v.i("speed"));
    }

    @Override
    public void check(Values v) {
        TrainingSpec s = spec(v);
        if (v.i("head") > s.heads()) throw new ParamException("head", Integer.toString(v.i("head")), "1 to heads = " + s.heads());
    }

    @Override
    public TrainingResult compute(Values v, Backend backend) {
        // Plain Java on every backend: these models have tens of weights, where ND4J's per-call overhead dominates
        // (measured: 40–100 µs per ND4J op against about 70 µs for a whole step here).
        check(v);
        return training.compute(spec(v), v.i("example") - 1, false);
    }

    @Override
    public boolean pending(TrainingResult r) {
        return r.running();
    }

    @Override
    public TrainingResult complete(Values v, TrainingResult r) {
        return training.compute(r.spec(), r.exampleIndex(), true);
    }

    @Override
    public List<LabAction> actions(Values v, TrainingResult r) {
        List<LabAction> out = new ArrayList<>();
        int step = r.step();
        if (r.running() && r.target() > step) {
            // The run is ahead of the frame: Pause reads where it is when pressed.
            out.add(LabAction.openLazily("Pause", "Stops where the run is now.", id(), () -> Map.of("steps", Integer.toString(training.currentStep()))));
        } else if (r.run().stopped() == null && step < TrainingSpec.MAX_STEPS) {
            out.add(LabAction.open("Play", "Trains on from step " + step + " at the shown speed, up to " + Fmt.count(TrainingSpec.MAX_STEPS) + " steps.",
                    id(), Map.of("steps", Integer.toString(TrainingSpec.MAX_STEPS))));
            out.add(LabAction.open("One step", "One optimisation step: " + step + " → " + (step + 1) + ".", id(), Map.of("steps", Integer.toString(step + 1))));
        }
        out.add(LabAction.open("Reset", "Back to the seeded start (step 0); the gradient check runs there.", id(), Map.of("steps", "0")));
        if (r.attention() != null) {
            out.add(LabAction.openLazily("Open in the attention lab", "This example's tokens z_t (positions included) and the weights of step " + step
                    + " as X, W_Q, W_K, W_V" + (r.spec().wo() ? ", W_O" : "") + " at τ = " + Fmt.num(r.spec().tau()) + ".", "attention",
                    () -> attentionSettings(r, Math.min(v.i("head"), r.spec().heads()))));
        }
        return out;
    }

    /**
     * The attention lab's settings for the shown model on the shown example: X = the tokens z_t, the heads' matrices
     * side by side (head m in columns m·d_k …), W_O, or [I; I] for two heads without one (their outputs add here);
     * the copy task's targets for its L1 loss.
     */
    static Map<String, String> attentionSettings(TrainingResult r, int head) {
        TrainingSpec s = r.spec();
        Run.Snapshot snap = r.run();
        glassbox.core.training.AttentionNet net = new glassbox.core.training.AttentionNet(s.withSteps(0));
        Map<String, String> m = new LinkedHashMap<>();
        m.put("task", "attention");
        m.put("X", glassbox.core.MatrixLiteral.format(net.inputs(snap.theta(), r.example())));
        m.put("positions", "none");
        m.put("weights", "given");
        String[] names = {"WQ", "WK", "WV"};
        for (int k = 0; k < 3; k++) {
            double[][] all = null;
            for (int h = 0; h < s.heads(); h++) all = side(all, Layout.matrix(snap.theta(), snap.layout().blocks().get(3 * h + k)));
            m.put(names[k], glassbox.core.MatrixLiteral.format(all));
        }
        m.put("heads", Integer.toString(s.heads()));
        m.put("head", Integer.toString(head));
        if (s.wo()) m.put("WO", glassbox.core.MatrixLiteral.format(Layout.matrix(snap.theta(), snap.layout().block("W_O"))));
        else if (s.heads() > 1) {
            double[][] sum = new double[2 * s.dv()][s.dv()];
            for (int i = 0; i < s.dv(); i++) sum[i][i] = sum[s.dv() + i][i] = 1;
            m.put("WO", glassbox.core.MatrixLiteral.format(sum));
        } else m.put("WO", "");
        m.put("WO_ref", "");
        m.put("temperature", Fmt.num(s.tau()));
        m.put("mode", "softmax");
        m.put("causal", "true");
        m.put("mask", "standard");
        m.put("targets", r.example().y() == null ? "" : glassbox.core.MatrixLiteral.format(column(r.example().y())));
        m.put("gradients", "false");
        return m;
    }

    private static double[][] side(double[][] a, double[][] b) {
        if (a == null) return b;
        double[][] out = new double[a.length][a[0].length + b[0].length];
        for (int i = 0; i < a.length; i++) {
            System.arraycopy(a[i], 0, out[i], 0, a[i].length);
            System.arraycopy(b[i], 0, out[i], a[i].length, b[i].length);
        }
        return out;
    }

    private static double[][] column(double[] y) {
        double[][] out = new double[y.length][1];
        for (int i = 0; i < y.length; i++) out[i][0] = y[i];
        return out;
    }

    static String status(TrainingResult r) {
        Run.Snapshot s = r.run();
        if (s.stopped() != null) return s.stopped();
        if (s.gradCheck() == null) return "checking the gradient";
        if (r.running()) return "training: step " + Fmt.count(s.step()) + " of " + Fmt.count(r.target());
        return "done: " + Fmt.count(s.step()) + " steps";
    }

    static double lastTrainLoss(TrainingResult r) {
        return r.step() == 0 ? Double.NaN : r.run().trainLoss()[r.step() - 1];
    }

    @Override
    public List<Readout> readouts(Values v, TrainingResult r) {
        List<Readout> out = new ArrayList<>();
        Run.Snapshot s = r.run();
        TrainingSpec spec = r.spec();
        out.add(s.stopped() != null ? Readout.warn("Run", status(r), "Training stopped; the weights shown are the last finite ones.")
                : Readout.of("Run", status(r), "Step n is the weights after n updates; the run trains towards 'Train to step' in the background."));
        String at = r.running() ? ", step " + Fmt.count((long) (s.heldCount() - 1) * Run.EVAL_EVERY) : "";
        out.add(Readout.of("Held-out loss", Fmt.sig(r.heldNow(), 4) + " (best " + Fmt.num(spec.optimum()) + at + ")",
                "Mean loss over " + TrainingSpec.HELD_OUT + " held-out examples at the weights shown (while training: at the last multiple of "
                        + Run.EVAL_EVERY + " steps)."));
        out.add(Readout.of("Batch loss", r.step() == 0 ? "–" : Fmt.sig(lastTrainLoss(r), 4), "The loss of the last step's batch of " + spec.batch() + "."));
        out.add(Readout.of("Steps/s", Double.isNaN(s.stepsPerSecond()) ? "–" : Fmt.count(Math.round(s.stepsPerSecond())) + " computing"
                        + (spec.speed() > 0 ? "; watched at ≤ " + Fmt.count(spec.speed()) + "/s" : ""),
                "Optimisation steps per second of computing on this machine (the window shows at most 'Shown steps/s')."));
        GradCheck.Result g = s.gradCheck();
        if (g == null) out.add(Readout.of("Gradient check", "running", "Central differences at step 0."));
        else if (g.maxRelative() > 1e-4) out.add(Readout.warn("Gradient check", "max rel. diff. " + Fmt.sig(g.maxRelative(), 3) + " at step 0", help(g)));
        else out.add(Readout.of("Gradient check", "max rel. diff. " + Fmt.sig(g.maxRelative(), 3) + " at step 0", help(g)));
        out.add(Readout.of("‖∇‖ last step", gradNorms(r), "The Euclidean norm of each matrix's gradient at the last step."));
        if (spec.model() == TrainingSpec.ModelKind.ATTENTION && spec.tau() == 0) {
            out.add(Readout.warn("τ = 0", "argmax: W_Q, W_K get zero gradient", "The argmax does not change under a small change of the scores, so no gradient reaches W_Q and W_K."));
        }
        return out;
    }

    private static String help(GradCheck.Result g) {
        return "Hand-derived gradient against (f(θ + h e_i) − f(θ − h e_i))/2h on " + g.checked() + " coordinates, 16 held-out examples.";
    }

    static String gradNorms(TrainingResult r) {
        if (r.step() == 0) return "–";
        StringBuilder b = new StringBuilder();
        List<Layout.Block> blocks = r.run().layout().blocks();
        for (int k = 0; k < blocks.size(); k++) {
            if (b.length() > 0) b.append(", ");
            b.append(blocks.get(k).name()).append(' ').append(Fmt.sig(r.run().gradNorm()[k][r.step() - 1], 3));
        }
        return b.toString();
    }

    @Override
    public Map<String, Object> json(Values v, TrainingResult shown) {
        // The export holds the whole run: it is trained to its target first (exports run off the FX thread).
        TrainingResult r = complete(v, shown);
        Run.Snapshot s = r.run();
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("lab", id());
        j.put("parameters", v.asText());
        j.put("status", status(r));
        j.put("stopped", s.stopped());
        j.put("step", s.step());
        j.put("optimum", r.spec().optimum());
        j.put("heldout_loss", r.heldNow());
        j.put("final_batch_loss", r.step() == 0 ? null : lastTrainLoss(r));
        j.put("steps_per_second", Double.isNaN(s.stepsPerSecond()) ? null : s.stepsPerSecond());
        Map<String, Object> gc = new LinkedHashMap<>();
        gc.put("max_relative_difference", s.gradCheck().maxRelative());
        gc.put("coordinates", s.gradCheck().checked());
        j.put("gradient_check", gc);
        Map<String, Object> curve = new LinkedHashMap<>();
        curve.put("train_loss", java.util.Arrays.copyOf(s.trainLoss(), s.step()));
        curve.put("heldout_every", Run.EVAL_EVERY);
        curve.put("heldout_loss", java.util.Arrays.copyOf(s.heldLoss(), s.heldCount()));
        Map<String, Object> norms = new LinkedHashMap<>();
        List<Layout.Block> blocks = s.layout().blocks();
        for (int k = 0; k < blocks.size(); k++) norms.put(blocks.get(k).name(), java.util.Arrays.copyOf(s.gradNorm()[k], s.step()));
        curve.put("grad_norms", norms);
        j.put("curve", curve);
        Map<String, Object> w = new LinkedHashMap<>();
        for (Layout.Block b : blocks) w.put(b.name(), Layout.matrix(s.theta(), b));
        j.put("weights", w);
        Map<String, Object> ex = new LinkedHashMap<>();
        ex.put("index", r.exampleIndex() + 1);
        ex.put("tokens", TrainingFigures.labels(r));
        if (r.example().y() != null) ex.put("targets", r.example().y());
        if (r.attention() != null) {
            ex.put("outputs", r.attention().outputs());
            ex.put("attention", r.attention().attention());
        } else {
            ex.put("outputs", r.rnn()[0]);
            ex.put("hidden", r.rnn()[1]);
        }
        if (r.course() != null) ex.put("course_attention", r.course().attention()[0]);
        j.put("example", ex);
        return j;
    }

    @Override
    public List<Figure> figures(Values v, TrainingResult r) {
        return TrainingFigures.all(r, Math.min(v.i("head"), r.spec().heads()) - 1);
    }

    @Override
    public List<String> liveFormulas(Values v, TrainingResult r) {
        List<String> out = new ArrayList<>();
        TrainingSpec s = r.spec();
        out.add("\\bar L_{\\text{held-out}} = " + FormulaFigure.tex(Double.parseDouble(Fmt.sig(r.heldNow(), 4))) + ",\\quad L^* = "
                + (s.task() == TrainingSpec.Task.COPY ? "\\tfrac12" : "0") + ",\\quad n = " + r.step());
        if (s.model() == TrainingSpec.ModelKind.ATTENTION) {
            out.add("P = \\mathrm{softmax}(QK^\\top/\\tau),\\ \\tau = " + FormulaFigure.tex(s.tau())
                    + (s.tau() == 0 ? ":\\ \\partial L/\\partial W_Q = \\partial L/\\partial W_K = 0" : ""));
        } else {
            out.add("h_t = " + (s.rnnActivation().equals("tanh") ? "\\tanh" : "") + "(w h_{t-1} + a x_t + b_h),\\ o_t = c h_t + b");
        }
        GradCheck.Result g = r.run().gradCheck();
        if (g != null) out.add("\\max_i \\frac{|g_i - \\mathrm{fd}_i|}{\\max(|g_i|, |\\mathrm{fd}_i|)} = " + FormulaFigure.tex(Double.parseDouble(Fmt.sig(g.maxRelative(), 3))));
        return out;
    }

    @Override
    public List<Values> benchSweep(String size) {
        List<Values> out = new ArrayList<>();
        Values base = defaults();
        if (size.equals("large")) base = base.with(Map.of("task", "dedupe-sort", "length", "6", "d_k", "4", "heads", "2", "wo", "true", "tau", "2"));
        // A user watching a run: the example and head sliders move while it trains; every 30th change a new seed
        // (a new run), every 10th a step count further on.
        for (int i = 0; i < 120; i++) {
            Map<String, String> set = new LinkedHashMap<>();
            set.put("example", Integer.toString(1 + (i * 7) % 50));
            set.put("seed", Integer.toString(1 + i / 30));
            set.put("steps", Integer.toString(2000 + 100 * (i / 10)));
            if (size.equals("large")) set.put("head", Integer.toString(1 + i % 2));
            out.add(base.with(set));
        }
        return out;
    }
}
