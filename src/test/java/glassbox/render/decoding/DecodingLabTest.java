package glassbox.render.decoding;

import glassbox.core.Backend;
import glassbox.core.ParamException;
import glassbox.core.Preset;
import glassbox.core.Values;
import glassbox.core.decoding.Costs;
import glassbox.core.decoding.DecodingResult;
import glassbox.core.decoding.DecodingSpec;
import glassbox.render.FormulaChecks;
import glassbox.render.Hover;
import glassbox.render.HeatmapFigure;
import org.junit.jupiter.api.Test;

import java.awt.Rectangle;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The decoding lab's presets, JSON, formulas, hover and refusals (docs/LABS.md §8). */
class DecodingLabTest {
    final DecodingLab lab = new DecodingLab();

    Values preset(String name) {
        for (Preset p : lab.presets()) if (p.name().equals(name)) return Values.preset(lab.params(), p.settings());
        throw new AssertionError("no preset " + name);
    }

    Map<String, Object> export(Values v) {
        return lab.json(v, lab.compute(lab.resolve(v), Backend.PLAIN));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theNucleusPresetKeepsTheSmallestPrefixWithMassAtLeastP() {
        Map<String, Object> j = export(preset("nucleus"));
        Map<String, Object> st = (Map<String, Object>) j.get("step");
        double[] p = (double[]) st.get("p");
        int[] order = (int[]) st.get("order");
        int m = (int) st.get("nucleus_size");
        assertEquals(3, m);
        double mass = 0, before = 0;
        for (int r = 0; r < m; r++) { before = mass; mass += p[order[r]]; }
        assertTrue(before < 0.9 && mass >= 0.9, before + " < 0.9 ≤ " + mass);
        assertEquals(0.928, mass, 5e-4);
        // Renormalised: the kept tokens' top-p weights are p / mass and sum to 1.
        double[] q = (double[]) st.get("top_p");
        assertEquals(p[order[0]] / mass, q[order[0]], 1e-15);
        assertEquals(0, q[order[m]]);
        // Entropy from the JSON's p, by hand.
        double h = 0;
        for (double x : p) if (x > 0) h -= x * Math.log(x);
        assertEquals(h, (double) st.get("entropy_tau"), 1e-12);
        assertEquals(1.067, h, 5e-4);
    }

    @Test
    @SuppressWarnings("unchecked")
    void greedyRepeatsAndTheCacheAgreesWithRecomputing() {
        Map<String, Object> j = export(preset("greedy-repeats"));
        List<Integer> tokens = (List<Integer>) j.get("tokens");
        int prompt = ((List<Integer>) j.get("prompt_tokens")).size();
        // Repeated 3-grams counted directly: a generated position is repeated when it lies in a 3-gram seen before.
        boolean[] rep = new boolean[tokens.size()];
        for (int i = 2; i < tokens.size(); i++) {
            for (int k = 2; k < i; k++) {
                if (tokens.subList(i - 2, i + 1).equals(tokens.subList(k - 2, k + 1))) { rep[i] = rep[i - 1] = rep[i - 2] = true; break; }
            }
        }
        int n = 0;
        for (int i = prompt; i < rep.length; i++) if (rep[i]) n++;
        assertEquals(33, n);
        Map<String, Object> u = (Map<String, Object>) j.get("uncached");
        assertEquals(true, u.get("tokens_equal"));
        assertEquals(0.0, (double) u.get("max_logit_difference"));
        // Greedy: every generated token is the argmax of the logits before it.
        Map<String, Object> cost = (Map<String, Object>) j.get("cost");
        long[] counted = (long[]) cost.get("counted_cached_macs"), closed = (long[]) cost.get("cached_macs");
        assertArrayEquals(closed, counted);
        long[] uc = (long[]) cost.get("counted_uncached_macs"), ucClosed = (long[]) cost.get("uncached_macs");
        for (int t = prompt - 1; t < uc.length; t++) assertEquals(ucClosed[t], uc[t], "t = " + t);
    }

    @Test
    @SuppressWarnings("unchecked")
    void kvCachePresetNumbersByHand() {
        Map<String, Object> j = export(preset("kv-cache"));
        Map<String, Object> cost = (Map<String, Object>) j.get("cost");
        // d = 128, L = 2, MLP, V = 47, t = 67: 2(12·128² + 2·68·128) + 128·47 = 434,048.
        long d = 128, t = 67;
        assertEquals(2 * (12 * d * d + 2 * (t + 1) * d) + d * 47, ((long[]) cost.get("cached_macs"))[67]);
        assertEquals(434_048, ((long[]) cost.get("cached_macs"))[67]);
        // Uncached: 68(2·12·128² + 128·47) + 2·128·68·69 = 28,348,928.
        assertEquals(68 * (2 * 12 * d * d + d * 47) + 2 * d * 68 * 69, ((long[]) cost.get("uncached_macs"))[67]);
        assertEquals(28_348_928, ((long[]) cost.get("uncached_macs"))[67]);
        assertEquals(2 * 2 * 68 * 128, ((long[]) cost.get("cache_values"))[67]);
        Map<String, Object> u = (Map<String, Object>) j.get("uncached");
        assertEquals(true, u.get("tokens_equal"), "the export waited for the background run");
        Map<String, Object> tg = (Map<String, Object>) j.get("training_vs_generation");
        assertEquals(tg.get("training_macs"), tg.get("generation_macs"));
        assertEquals(68, tg.get("generation_sequential_steps"));
    }

    @Test
    void formulasParseAndCarryTheNumbers() {
        for (Preset p : lab.presets()) {
            Values v = Values.preset(lab.params(), p.settings()).with("uncached", "off");
            DecodingResult r = lab.compute(lab.resolve(v), Backend.PLAIN);
            List<String> fs = lab.liveFormulas(v, r);
            FormulaChecks.parses(fs, p.name());
            int t = r.spec().total() - 1;
            assertTrue(FormulaChecks.mentions(fs, glassbox.core.Fmt.count(Costs.cachedStep(r.spec().model(), t)).replace(",", "\\,")), p.name() + " " + fs);
            assertTrue(FormulaChecks.mentions(fs, "nucleus } m = " + r.dist().nucleus()), p.name() + " " + fs);
        }
    }

    @Test
    void hoverOnTheSequenceNamesTheTokenAndMarksIt() {
        Values v = preset("greedy-repeats").with("uncached", "off");
        DecodingResult r = lab.compute(lab.resolve(v), Backend.PLAIN);
        HeatmapFigure seq = (HeatmapFigure) lab.figures(v, r).get(0);
        Rectangle area = new Rectangle(0, 0, 800, 600);
        Hover h = null;
        for (int x = 100; x < 800 && h == null; x += 5) h = seq.hover(area, glassbox.render.Style.DEFAULT, x, 200);
        assertNotNull(h);
        assertTrue(h.text().startsWith("position "), h.text());
        assertInstanceOf(DecodingFigures.Position.class, h.highlight());
        int i = ((DecodingFigures.Position) h.highlight()).index();
        assertTrue(h.text().contains("'" + r.vocab().get(r.cached().tokens().get(i)) + "'"), h.text());
    }

    @Test
    void badInputsAreRefusedNamingTheKey() {
        Values d = lab.defaults();
        assertKey("prompt", d.with("prompt", ""));
        assertKey("prompt", d.with("prompt", "the cat!"));
        assertKey("generate", d.with("generate", "80"));
        assertKey("top_p", d.with("top_p", "0"));
        assertKey("heads", d.with("heads", "3"));
        assertKey("vocab_size", d.with("vocab_size", "5"));
        assertKey("step", d.with("step", "30"));
        assertKey("layer", d.with("layer", "3"));
        assertThrows(ParamException.class, () -> d.with("temperature", "-1"));
        assertThrows(ParamException.class, () -> d.with("d_model", "512"));
        assertThrows(ParamException.class, () -> d.with("top_k", "0"));
        ParamException e = assertThrows(ParamException.class, () -> lab.compute(d.with("prompt", "the cat!"), Backend.PLAIN));
        assertTrue(e.getMessage().contains("'!'"), e.getMessage());
    }

    private void assertKey(String key, Values v) {
        ParamException e = assertThrows(ParamException.class, () -> lab.compute(lab.resolve(v), Backend.PLAIN));
        assertEquals(key, e.key(), e.getMessage());
    }

    @Test
    void theLargeSizeFitsTheCaps() {
        DecodingSpec s = DecodingLab.spec(preset("large"));
        assertEquals(256, s.model().dModel());
        assertEquals(512, s.model().vocabSize());
        assertEquals(512, s.model().context());
        assertEquals(64, s.generate());
    }
}
