package glassbox.render;

import glassbox.core.Backend;
import glassbox.core.Readout;
import glassbox.core.Values;

import java.util.List;

/**
 * A lab's result with its figures and numbers, as computed on the worker thread. {@code values} are those the
 * computation used: the request's, with dependent values the user did not set moved to follow the data.
 */
public record Computed(Lab<?> lab, Values values, Backend backend, Object result,
                      List<Figure> figures, List<Readout> readouts, List<LabAction> actions, double computeMs) {

    public static Computed compute(Lab<?> lab, Values values, Backend backend) {
        return run(lab, values, backend, false);
    }

    /** As {@link #compute}, with the lab's background work waited for ({@link Lab#complete}): the command line's exports. */
    public static Computed completed(Lab<?> lab, Values values, Backend backend) {
        return run(lab, values, backend, true);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Computed run(Lab<?> lab, Values values, Backend backend, boolean waitForBackground) {
        long t0 = System.nanoTime();
        Lab raw = lab;
        // Dependent values the user did not set follow the data first; the result's values are those used.
        Values used = lab.resolve(values);
        Object r = raw.compute(used, backend);
        if (waitForBackground && raw.pending(r)) r = raw.complete(used, r);
        return of(lab, used, backend, r, t0);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Computed of(Lab<?> lab, Values used, Backend backend, Object r, long t0) {
        Lab raw = lab;
        List<Readout> readouts = raw.readouts(used, r);
        List<Figure> figures = new java.util.ArrayList<>(raw.figures(used, r));
        List<String> formulas = raw.liveFormulas(used, r);
        if (!formulas.isEmpty()) figures.add(new FormulaFigure(formulas));
        List<LabAction> actions = raw.actions(used, r);
        double ms = (System.nanoTime() - t0) / 1e6;
        return new Computed(lab, used, backend, r, List.copyOf(figures), List.copyOf(readouts), List.copyOf(actions), ms);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public java.util.Map<String, Object> json() {
        Lab raw = lab;
        return raw.json(values, result);
    }
}
