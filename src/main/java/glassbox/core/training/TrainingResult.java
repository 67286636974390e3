package glassbox.core.training;

/**
 * docs/LABS.md §9: what the lab shows at one moment of a run. {@code attention} and {@code course} (the copy
 * task's hand-designed model on the same example) are null for the RNN, {@code rnn} (rows o_t and h_t) for attention.
 *
 * @param target   the step the run is training towards
 * @param heldNow  the held-out loss at the shown weights (while running: the curve's last point, every 25 steps)
 * @param example  the held-out example the maps show (0-based index into the held-out set)
 */
public record TrainingResult(TrainingSpec spec, Run.Snapshot run, int target, double heldNow, int exampleIndex, Tasks.Example example,
                             AttentionNet.View attention, AttentionNet.View course, double[][] rnn) {

    /** Still training (or checking the gradient) in the background. */
    public boolean running() {
        return run.stopped() == null && (run.step() != target || run.gradCheck() == null);
    }

    public int step() { return run.step(); }
}
