package glassbox.render.cnnshapes;

import glassbox.core.Backend;
import glassbox.core.Fmt;
import glassbox.core.Preset;
import glassbox.core.Values;
import glassbox.core.cnnshapes.Stack;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static glassbox.render.FormulaChecks.parses;
import glassbox.render.FormulaChecks;
import static org.junit.jupiter.api.Assertions.*;

class CnnShapesFormulasTest {
    final CnnShapesLab lab = new CnnShapesLab();

    List<String> formulas(Map<String, String> settings) {
        return FormulaChecks.formulas(lab, settings);
    }

    @Test
    void everyPresetHasParsingFormulasWithTheFirstConvByHand() {
        // Every preset starts with a conv on a 1-channel input: "conv 1 co k s p" (k and s may be AxB).
        for (Preset p : lab.presets()) {
            Values v = Values.of(lab.params(), p.settings());
            Stack.Result r = lab.compute(v, Backend.PLAIN);
            List<String> fs = lab.liveFormulas(v, r);
            assertTrue(fs.size() >= 3 && fs.size() <= 5, p.name() + ": " + fs.size());
            parses(fs, p.name());
            String[] in = v.s("input").split(",");
            String[] c = v.s("layers").split(";")[0].trim().split("\\s+");
            int h = Integer.parseInt(in[1]), co = Integer.parseInt(c[2]);
            String[] k = c[3].split("x"), s = c[4].split("x");
            int kh = Integer.parseInt(k[0]), kw = Integer.parseInt(k[k.length - 1]), sh = Integer.parseInt(s[0]), pd = Integer.parseInt(c[5]);
            int hOut = (h + 2 * pd - kh) / sh + 1;
            long params = (long) co * kh * kw + co;
            assertTrue(fs.stream().anyMatch(f -> f.contains("\\right\\rfloor + 1 = " + hOut)), p.name() + ": H' = " + hOut + " in " + fs);
            assertTrue(fs.stream().anyMatch(f -> f.startsWith("\\text{params}") && f.endsWith("= " + Fmt.count(params).replace(",", "\\,"))),
                    p.name() + ": params " + params + " in " + fs);
        }
    }

    @Test
    void svhnMismatchInNumbers() {
        Preset p = lab.presets().stream().filter(x -> x.name().equals("svhn-network")).findFirst().orElseThrow();
        List<String> fs = formulas(p.settings());
        // 32 → conv5 → 28 → pool4 → 7 → conv4 pad1 → 6 → pool2 → 3: Flatten gives 16·3·3 = 144, not 120.
        assertTrue(fs.stream().anyMatch(f -> f.contains("C\\,H\\,W = 16 \\cdot 3 \\cdot 3 = 144 \\ne d_{in} = 120")), fs.toString());
    }

    @Test
    void otherMismatchesAndNoConvParse() {
        for (String layers : List.of("conv 3 8 3; relu", "conv 1 8 3; maxpool 3 3 2", "conv 1 8 3; flatten; conv 8 8 3", "conv 1 8 3; linear 10 2",
                "flatten; linear 1024 10; relu; linear 10 2", "linear 5 2")) {
            List<String> fs = formulas(Map.of("input", "1,32,32", "layers", layers));
            assertFalse(fs.isEmpty(), layers);
            assertTrue(fs.size() <= 5, layers);
            parses(fs, layers);
        }
        assertTrue(formulas(Map.of("input", "1,32,32", "layers", "conv 3 8 3; relu")).stream().anyMatch(f -> f.contains("c_i = 3 \\ne C = 1")));
    }
}
