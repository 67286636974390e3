package glassbox.core.training;

import glassbox.core.Memo;
import glassbox.core.ParamException;

/**
 * docs/LABS.md §9: the lab's computation: the background trainer and what a frame shows of it. One per lab
 * object; nothing static.
 */
public final class Training {
    private final Trainer trainer = new Trainer();
    private final Memo<HeldKey, Double> heldMemo = new Memo<>();

    private record HeldKey(TrainingSpec run, int step) {}

    /**
     * @param example which held-out example the maps show (0-based)
     * @param wait    train to the target before returning (exports, the command line) instead of in the background
     */
    public TrainingResult compute(TrainingSpec spec, int example, boolean wait) {
        if (example < 0 || example >= TrainingSpec.HELD_OUT) {
            throw new ParamException("example", Integer.toString(example + 1), "1 to " + TrainingSpec.HELD_OUT);
        }
        Run.Snapshot s = wait ? trainer.await(spec) : trainer.status(spec);
        return view(spec, s, example);
    }

    /** The step the background run has reached now (ahead of the shown frame while it trains). */
    public int currentStep() {
        return trainer.currentStep();
    }

    /** The frame's view of a snapshot: the held-out loss at its weights and the chosen example's maps. */
    public TrainingResult view(TrainingSpec spec, Run.Snapshot s, int example) {
        TrainingSpec key = s.key();
        Tasks.Example[] held = s.heldOut();
        Net net = Net.of(key);
        // While it trains the frame shows the latest held-out point (every 25 steps); at rest the loss at the shown weights.
        boolean running = s.stopped() == null && s.step() != spec.steps();
        double heldNow = running ? s.heldLoss()[s.heldCount() - 1] : heldMemo.get(new HeldKey(key, s.step()), k -> net.loss(s.theta(), held, null));
        Tasks.Example ex = held[example];
        AttentionNet.View att = null, course = null;
        double[][] rnn = null;
        if (net instanceof AttentionNet a) {
            att = a.view(s.theta(), ex);
            if (key.task() == TrainingSpec.Task.COPY) course = courseView(ex);
        } else {
            rnn = ((RnnNet) net).view(s.theta(), ex);
        }
        return new TrainingResult(spec, s, spec.steps(), heldNow, example, ex, att, course, rnn);
    }

    /** The course's copy-task solution (one-hot positions, d_k = 1, τ = 1, M = 10) on an example. */
    static AttentionNet.View courseView(Tasks.Example ex) {
        TrainingSpec c = course(10);
        AttentionNet n = new AttentionNet(c);
        return n.view(n.init(c), ex);
    }

    /** The copy task's attention model at the course's weights with scale M. */
    public static TrainingSpec course(double m) {
        return new TrainingSpec(TrainingSpec.Task.COPY, 4, TrainingSpec.ModelKind.ATTENTION, TrainingSpec.Positions.ONE_HOT, 1, 1, 1, false,
                "tanh", false, "course", 1, m, TrainingSpec.Optimiser.ADAM, 0.01, 64, 1, 0, 0);
    }
}
