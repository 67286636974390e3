package glassbox.render;

import glassbox.core.Backend;
import glassbox.core.Values;
import org.scilab.forge.jlatexmath.TeXFormula;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

/** What every lab's live-formula test checks: the formulas parse, and they show given numbers. */
public final class FormulaChecks {
    private FormulaChecks() {}

    /** Every formula typesets (jlatexmath parses it); where names the preset or case in a failure. */
    public static void parses(List<String> fs, String where) {
        for (String f : fs) assertDoesNotThrow(() -> new TeXFormula(f), where + ": " + f);
    }

    /** Some formula shows this number as a whole number token (not as part of a longer one). */
    public static boolean mentions(List<String> fs, String number) {
        for (String f : fs) if (f.matches("(?s).*(?<![0-9.])" + java.util.regex.Pattern.quote(number) + "(?![0-9]).*")) return true;
        return false;
    }

    /** The lab's live formulas for these settings (the rest at their defaults), computed in plain Java. */
    public static <R> List<String> formulas(Lab<R> lab, Map<String, String> settings) {
        Values v = Values.of(lab.params(), settings);
        return lab.liveFormulas(v, lab.compute(v, Backend.PLAIN));
    }
}
