package glassbox.render.rnn;

import glassbox.core.Backend;
import glassbox.core.Fmt;
import glassbox.core.Preset;
import glassbox.core.Values;
import glassbox.core.rnn.Rnn;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static glassbox.render.FormulaChecks.parses;
import static glassbox.render.FormulaChecks.mentions;
import static org.junit.jupiter.api.Assertions.*;

class RnnFormulasTest {
    final RnnLab lab = new RnnLab();

    /** A number each preset's formulas must show, computed here from the preset's settings. */
    static String expected(Values v) {
        int T = v.i("T");
        switch (v.s("part")) {
            case "memory" -> {
                if (v.s("wh").equals("rotation")) return Fmt.sig(Math.pow(v.d("radius"), T - 1), 4); // ‖(ρR)^ℓ e_1‖ = ρ^ℓ
                double[][] w = v.m("Wh");
                double[] h = {1, 0};
                for (int l = 0; l < T - 1; l++) h = new double[]{w[0][0] * h[0] + w[0][1] * h[1], w[1][0] * h[0] + w[1][1] * h[1]};
                return Fmt.sig(Math.hypot(h[0], h[1]), 4).replaceAll("e(-?)0*(\\d+)", " \\\\cdot 10^{$1$2}");
            }
            case "bptt" -> {
                // Forward by hand with a constant or listed x; ∂L/∂z_T = (h_T − y) g′(z_T).
                String[] xs = v.s("x").split(",");
                double h = v.d("h0"), z = 0;
                for (int t = 0; t < T; t++) {
                    double x = Double.parseDouble(xs[xs.length == 1 ? 0 : t]);
                    z = v.d("w") * h + v.d("a") * x;
                    h = v.s("activation").equals("tanh") ? Math.tanh(z) : 1 / (1 + Math.exp(-z));
                }
                double dg = v.s("activation").equals("tanh") ? 1 - h * h : h * (1 - h);
                double dz = (h - v.d("y")) * dg;
                if (T == 2) {
                    double h1 = Math.tanh(v.d("a") * Double.parseDouble(xs[0]));
                    return Fmt.sig(dz * h1, 4);
                }
                return Fmt.sig(dz, 4);
            }
            case "cost" -> {
                long d = v.i("d");
                return Fmt.count(2L * T * d * d).replace(",", "\\,");
            }
            default -> {
                double s = (float) ((float) v.d("u1") + Math.scalb((float) v.d("u2"), -v.i("k")));
                return Fmt.sig(s, 8);
            }
        }
    }

    @Test
    void everyPresetHasParsingFormulasWithAnIndependentNumber() {
        for (Preset p : lab.presets()) {
            Values v = Values.of(lab.params(), p.settings());
            Rnn.Result r = lab.compute(v, Backend.PLAIN);
            List<String> fs = lab.liveFormulas(v, r);
            assertTrue(fs.size() >= 2 && fs.size() <= 5, p.name() + ": " + fs.size());
            parses(fs, p.name());
            String e = expected(v);
            assertTrue(mentions(fs, e), p.name() + ": no " + e + " in " + fs);
        }
    }

    @Test
    void examTwoStepsShowsTheClosedForm() {
        Preset p = lab.presets().stream().filter(x -> x.name().equals("exam-bptt-two-steps")).findFirst().orElseThrow();
        Values v = Values.of(lab.params(), p.settings());
        List<String> fs = lab.liveFormulas(v, lab.compute(v, Backend.PLAIN));
        assertTrue(fs.stream().anyMatch(f -> f.contains("(h_2 - y)\\, g'(z_2)\\, h_1")), fs.toString());
    }

    @Test
    void allPartsAndExtremesParse() {
        for (String part : List.of("all", "memory", "bptt", "cost", "float32")) {
            for (Map<String, String> s : List.of(Map.of("T", "4096", "radius", "2"), Map.of("T", "1", "radius", "0"),
                    Map.of("scheme", "bits", "k", "32"), Map.of("scheme", "interleave"), Map.of("T", "300", "w", "3", "a", "3", "activation", "identity"))) {
                Values v = Values.of(lab.params(), s).with("part", part);
                List<String> fs = lab.liveFormulas(v, lab.compute(v, Backend.PLAIN));
                assertFalse(fs.isEmpty(), part + " " + s);
                assertTrue(fs.size() <= 5, part + " " + s + ": " + fs.size());
                parses(fs, part + " " + s);
            }
        }
    }
}
