package glassbox.render.attention;

import glassbox.core.Backend;
import glassbox.core.Fmt;
import glassbox.core.Preset;
import glassbox.core.Values;
import glassbox.core.attention.AttentionResult;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static glassbox.render.FormulaChecks.parses;
import static glassbox.render.FormulaChecks.mentions;
import glassbox.render.FormulaChecks;
import static org.junit.jupiter.api.Assertions.*;

class AttentionFormulasTest {
    final AttentionLab lab = new AttentionLab();

    /** The largest weight of a row, softmax written out: exp((s − max)/τ) over the visible entries; τ = 0 and ∞ as limits. */
    static double largestWeight(double[] s, int from, int to, double tau) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = from; j < to; j++) max = Math.max(max, s[j]);
        if (Double.isInfinite(tau)) return 1.0 / (to - from);
        if (tau == 0) {
            int ties = 0;
            for (int j = from; j < to; j++) if (s[j] == max) ties++;
            return 1.0 / ties;
        }
        double den = 0;
        for (int j = from; j < to; j++) den += Math.exp((s[j] - max) / tau);
        return 1 / den;
    }

    List<String> formulas(Map<String, String> settings) {
        return FormulaChecks.formulas(lab, settings);
    }

    @Test
    void everyPresetHasParsingFormulasWithTheShownRowsLargestWeight() {
        for (Preset p : lab.presets()) {
            Values v = Values.of(lab.params(), p.settings());
            AttentionResult r = lab.compute(v, Backend.PLAIN);
            List<String> fs = lab.liveFormulas(v, r);
            assertTrue(fs.size() >= 3 && fs.size() <= 5, p.name() + ": " + fs.size());
            parses(fs, p.name());
            boolean temp = v.s("task").equals("temperature");
            int i = temp ? 0 : v.i("row") - 1;
            double[] s = r.scores()[i];
            // Visible keys by the mask's definition: causal j ≤ i, a causal band i − w < j ≤ i, or all (no padding in these presets).
            int to = !temp && v.b("causal") ? i + 1 : s.length;
            int from = !temp && v.s("mask").equals("band") ? Math.max(0, i + 1 - v.i("window")) : 0;
            double w = largestWeight(s, from, to, v.d("temperature"));
            assertTrue(mentions(fs, Fmt.sig(w, 4)), p.name() + ": no " + Fmt.sig(w, 4) + " in " + fs);
        }
    }

    @Test
    void dedupeRowFiveByHand() {
        // Row 5 is token A: q = k = e_A W = (0, 3); keys D, A, A, <START>, A give (3,0), (0,3), (0,3), (0,0), (0,3):
        // scores 0, 9, 9, 0, 9; τ = 0 splits the weight over the three 9s.
        Preset p = lab.presets().stream().filter(x -> x.name().equals("dedupe-sort")).findFirst().orElseThrow();
        List<String> fs = formulas(p.settings());
        assertTrue(fs.stream().anyMatch(f -> f.contains("\\frac{1}{3} = 0.3333")), fs.toString());
        assertTrue(fs.stream().anyMatch(f -> f.contains("(0, 3) \\cdot (0, 3) = 9")), fs.toString());
        assertTrue(fs.stream().anyMatch(f -> f.contains("-\\log")), "cross-entropy shown: " + fs);
    }

    @Test
    void temperatureRowByHand() {
        List<String> fs = formulas(Map.of("task", "temperature", "z", "4,3,2,1", "a", "2", "temperature", "1"));
        double e = Math.exp(4) / (Math.exp(4) + Math.exp(3) + Math.exp(2) + Math.exp(1));
        assertTrue(mentions(fs, Fmt.sig(e, 4)), fs.toString());
        assertTrue(fs.stream().anyMatch(f -> f.contains("\\frac{1}{4} = 0.25")), fs.toString());
        for (String tau : List.of("0", "inf", "1e-3", "1000")) {
            parses(formulas(Map.of("task", "temperature", "z", "4,3,2,1", "temperature", tau)), tau);
        }
        assertTrue(formulas(Map.of("task", "temperature", "z", "4,4,1", "temperature", "0")).stream().anyMatch(f -> f.contains("\\frac{1}{2} = 0.5")));
        assertTrue(formulas(Map.of("task", "temperature", "z", "4,4,1", "temperature", "inf")).stream().anyMatch(f -> f.contains("\\frac{1}{3} = 0.3333")));
    }

    @Test
    void linearModeAndLargeRandomInputsParse() {
        parses(formulas(Map.of("source", "random", "weights", "random", "T", "64", "d", "16", "dk", "8", "mode", "linear", "row", "10")), "linear");
        parses(formulas(Map.of("source", "random", "weights", "random", "T", "64", "d", "16", "dk", "8", "temperature", "inf", "row", "64")), "inf");
    }
}
