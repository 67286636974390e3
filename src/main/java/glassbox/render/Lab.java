package glassbox.render;

import glassbox.core.Backend;
import glassbox.core.Param;
import glassbox.core.Preset;
import glassbox.core.Presets;
import glassbox.core.Readout;
import glassbox.core.Values;

import java.util.List;
import java.util.Map;

/**
 * One lab: its parameters, presets, computation, live numbers, JSON and figures. The window, the
 * command line and the benchmark all go through this, so they show the same numbers.
 *
 * @param <R> the lab's immutable result
 */
public interface Lab<R> {
    /** Short id used on the command line and in files: "conv", "ssm", ... */
    String id();

    String title();

    /** One line: what mechanism the lab makes visible. */
    String summary();

    /** The lab's formulas and conventions as plain text (Help → Formulas). */
    String formulas();

    List<Param> params();

    default List<Preset> presets() {
        return Presets.forLab(id());
    }

    default Values defaults() {
        return Values.defaults(params());
    }

    /**
     * The values a computation uses: each dependent value the user did not set (a row to follow, a head to
     * show, a k to keep …) moved into the range the data allows, so a default or a preset's value never
     * refuses the user's input; a value the user set is left alone (and {@link #compute} refuses it, naming it,
     * when it does not fit). The window shows the values this returns. Cheap: it may parse, never compute.
     */
    default Values resolve(Values values) {
        return values;
    }

    /**
     * Checks, without computing, that resolved values make a configuration the lab accepts (its typed spec's
     * checks: a kernel that fits the padded input, a parsable stack …); throws ParamException naming the
     * parameter. Lessons and sessions call it on every step when they are read, so a bad step is refused
     * at load, not when it is reached.
     */
    default void check(Values values) {}

    /**
     * Parameters the given values make ineffective (SSM's n when A is given, say), each with why and what to
     * change to use it: the window disables their controls with that as tooltip. Cheap: it only reads values.
     */
    default Map<String, String> inactive(Values values) {
        return Map.of();
    }

    /** Computes the result; throws ParamException for combinations of values that do not fit. */
    R compute(Values values, Backend backend);

    List<Readout> readouts(Values values, R result);

    /** Every number the lab shows, every generated input and the parameters, for JSON export. */
    Map<String, Object> json(Values values, R result);

    List<Figure> figures(Values values, R result);

    /**
     * The lab's key formulas in LaTeX with the current numbers substituted
     * (e.g. {@code \text{density} = \frac{k_h k_w}{h w} = \frac{9}{36} = 0.25}), shown under the figures.
     */
    default List<String> liveFormulas(Values values, R result) {
        return List.of();
    }

    /**
     * Things the user can do with the current result besides moving sliders: open something in another
     * lab (a layer of a CNN in the conv lab), or copy text (the stack as framework code). Shown as buttons.
     */
    default List<LabAction> actions(Values values, R result) {
        return List.of();
    }

    /**
     * True while part of the result is still being computed in the background (a long run off the frame path):
     * the window asks for the frame again shortly, to show its progress and then its result.
     */
    default boolean pending(R result) {
        return false;
    }

    /**
     * {@code result} with its background part finished, waiting for it: for exports and the command line, never on
     * the frame path. Labs without background work return it as it is.
     */
    default R complete(Values values, R result) {
        return result;
    }

    /**
     * A recorded sweep of at least 100 parameter changes for {@code bench}, at size "default" or
     * "large", as a user would make them with the sliders.
     */
    List<Values> benchSweep(String size);
}
