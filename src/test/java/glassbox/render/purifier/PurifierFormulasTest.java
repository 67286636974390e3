package glassbox.render.purifier;

import glassbox.core.Backend;
import glassbox.core.Fmt;
import glassbox.core.MatrixLiteral;
import glassbox.core.Preset;
import glassbox.core.Values;
import glassbox.core.purifier.PurifierResult;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static glassbox.render.FormulaChecks.parses;
import static glassbox.render.FormulaChecks.mentions;
import static org.junit.jupiter.api.Assertions.*;

class PurifierFormulasTest {
    final PurifierLab lab = new PurifierLab();

    @Test
    void everyPresetHasParsingFormulasWithTheFilterFactorOfSigmaK() {
        for (Preset p : lab.presets()) {
            Values v = Values.of(lab.params(), p.settings());
            PurifierResult r = lab.compute(v, Backend.PLAIN);
            List<String> fs = lab.liveFormulas(v, r);
            assertTrue(fs.size() >= 3 && fs.size() <= 5, p.name() + ": " + fs.size());
            parses(fs, p.name());
            // f_k = σ_k²/(σ_k² + λ) from the singular values and λ, written out here.
            double sk = r.data().sigma()[v.i("keep_top") - 1], lambda = v.d("lambda");
            double fk = sk * sk / (sk * sk + lambda);
            assertTrue(mentions(fs, Fmt.sig(fk, 4)), p.name() + ": no f_k = " + Fmt.sig(fk, 4) + " in " + fs);
        }
    }

    @Test
    void eightSigmasShowTheBookNumbers() {
        Preset p = lab.presets().stream().filter(x -> x.name().equals("eight-sigmas")).findFirst().orElseThrow();
        Values v = Values.of(lab.params(), p.settings());
        double[] s = MatrixLiteral.vector("sigmas", v.m("sigmas"));
        List<String> fs = lab.liveFormulas(v, lab.compute(v, Backend.PLAIN));
        // σ_3 = 4, σ_4 = 1, λ = 2: f_3 = 16/18, f_4 = 1/3; interval [1·1, 16·0.25] = [1, 4].
        assertEquals(4, s[2]);
        assertTrue(mentions(fs, Fmt.sig(16.0 / 18, 4)), fs.toString());
        assertTrue(mentions(fs, Fmt.sig(1.0 / 3, 4)), fs.toString());
        assertTrue(fs.stream().anyMatch(f -> f.contains("= [1,\\ 4]")), fs.toString());
        // Optimum Σ λσ²/(σ² + λ).
        double opt = 0;
        for (double x : s) opt += 2 * x * x / (x * x + 2);
        assertTrue(mentions(fs, Fmt.sig(opt, 4)), fs.toString());
    }

    @Test
    void infeasibleIntervalIsEmptyAndOddNamesParse() {
        Values v = Values.of(lab.params(), Map.of("input", "power-law", "m", "12", "scale", "1e-3", "alpha", "1", "lambda", "1e-4",
                "keep_top", "3", "candidates", "my_enc (1)=I|b.c-2=0"));
        List<String> fs = lab.liveFormulas(v, lab.compute(v, Backend.PLAIN));
        parses(fs, "odd");
        assertTrue(fs.stream().anyMatch(f -> f.contains("\\emptyset")), fs.toString());
        // Scientific notation is typeset as a power of ten, never as 1.0e-06.
        assertTrue(fs.stream().noneMatch(f -> f.matches("(?s).*[0-9]e[-+]?[0-9].*")), fs.toString());
    }
}
