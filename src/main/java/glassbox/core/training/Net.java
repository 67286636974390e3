package glassbox.core.training;

/**
 * A model of the lab with hand-derived gradients (docs/LABS.md §9). An instance owns scratch space: one per thread.
 */
public interface Net {
    Layout layout();

    /**
     * The mean loss over {@code batch} at θ; when {@code grad} is not null, adds the gradient of that mean to it
     * (back-propagation written out by hand, checked against finite differences in the tests and on every reset).
     */
    double loss(double[] theta, Tasks.Example[] batch, double[] grad);

    /** The starting θ of the run: seeded random weights, or the course's hand-designed ones. */
    double[] init(TrainingSpec spec);

    static Net of(TrainingSpec s) {
        return s.model() == TrainingSpec.ModelKind.RNN ? new RnnNet(s, s.float32()) : new AttentionNet(s);
    }
}
