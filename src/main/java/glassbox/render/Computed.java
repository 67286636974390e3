package glassbox.render;

import glassbox.core.Backend;
import glassbox.core.Readout;
import glassbox.core.Values;

import java.util.List;

/** A lab's result with its figures and numbers, as computed on the worker thread. */
public record Computed(Lab<?> lab, Values values, Backend backend, Object result,
                      List<Figure> figures, List<Readout> readouts, List<LabAction> actions, double computeMs) {

    @SuppressWarnings({"unchecked", "rawtypes"})
    public static Computed compute(Lab<?> lab, Values values, Backend backend) {
        long t0 = System.nanoTime();
        Lab raw = lab;
        Object r = raw.compute(values, backend);
        List<Readout> readouts = raw.readouts(values, r);
        List<Figure> figures = new java.util.ArrayList<>(raw.figures(values, r));
        List<String> formulas = raw.liveFormulas(values, r);
        if (!formulas.isEmpty()) figures.add(new FormulaFigure(formulas));
        List<LabAction> actions = raw.actions(values, r);
        double ms = (System.nanoTime() - t0) / 1e6;
        return new Computed(lab, values, backend, r, List.copyOf(figures), List.copyOf(readouts), List.copyOf(actions), ms);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public java.util.Map<String, Object> json() {
        Lab raw = lab;
        return raw.json(values, result);
    }
}
