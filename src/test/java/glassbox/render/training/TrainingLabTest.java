package glassbox.render.training;

import glassbox.core.Backend;
import glassbox.core.Fmt;
import glassbox.core.ParamException;
import glassbox.core.Preset;
import glassbox.core.Values;
import glassbox.core.training.TrainingResult;
import glassbox.core.training.TrainingSpec;
import glassbox.render.Figure;
import glassbox.render.FormulaChecks;
import glassbox.render.HeatmapFigure;
import glassbox.render.LabAction;
import glassbox.render.Lesson;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.*;

/** The training lab's presets, lesson, JSON, actions and refusals (docs/LABS.md §9). */
class TrainingLabTest {
    final TrainingLab lab = new TrainingLab();

    Values preset(String name) {
        for (Preset p : lab.presets()) if (p.name().equals(name)) return Values.preset(lab.params(), p.settings());
        throw new AssertionError("no preset " + name);
    }

    Map<String, Object> export(Values v) {
        Values used = lab.resolve(v);
        return lab.json(used, lab.compute(used, Backend.PLAIN));
    }

    static double held0(Map<String, Object> j) {
        return ((double[]) curve(j).get("heldout_loss"))[0];
    }

    static double heldNow(Map<String, Object> j) {
        return (double) j.get("heldout_loss");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> curve(Map<String, Object> j) {
        return (Map<String, Object>) j.get("curve");
    }

    /** The numbers each preset's description (and the lesson's caption on that preset) writes, to 4 digits. */
    static final Map<String, List<Function<Map<String, Object>, Double>>> WRITTEN = new LinkedHashMap<>();

    static {
        WRITTEN.put("copy-from-random", List.of(TrainingLabTest::held0, TrainingLabTest::heldNow));
        WRITTEN.put("copy-course", List.of(TrainingLabTest::held0));
        WRITTEN.put("copy-sqrt-d", List.of(TrainingLabTest::held0, TrainingLabTest::heldNow));
        WRITTEN.put("copy-no-positions", List.of(TrainingLabTest::heldNow));
        WRITTEN.put("copy-rnn", List.of(TrainingLabTest::heldNow));
        WRITTEN.put("dedupe-sort", List.of(TrainingLabTest::held0, TrainingLabTest::heldNow));
        WRITTEN.put("reversal", List.of(TrainingLabTest::held0, TrainingLabTest::heldNow));
        WRITTEN.put("reversal-no-positions", List.of(TrainingLabTest::heldNow));
        WRITTEN.put("small-batch-sgd", List.of(TrainingLabTest::heldNow));
        WRITTEN.put("copy-argmax", List.of(TrainingLabTest::heldNow));
    }

    /** 8.415e-05 as the text writes it: 8.415·10⁻⁵. */
    static String written(String sig) {
        int e = sig.indexOf('e');
        if (e < 0) return sig;
        StringBuilder b = new StringBuilder(sig.substring(0, e)).append("·10");
        for (char c : Integer.toString(Integer.parseInt(sig.substring(e + 1))).toCharArray()) b.append(c == '-' ? '⁻' : "⁰¹²³⁴⁵⁶⁷⁸⁹".charAt(c - '0'));
        return b.toString();
    }

    @Test
    void everyNumberInTheDescriptionsAndCaptionsIsTheComputedOne() {
        Map<String, List<String>> numbers = new LinkedHashMap<>();
        for (Preset p : lab.presets()) {
            List<Function<Map<String, Object>, Double>> fs = WRITTEN.get(p.name());
            assertNotNull(fs, "list the numbers of preset " + p.name());
            Map<String, Object> j = export(preset(p.name()));
            assertEquals(p.settings().get("steps"), Integer.toString((int) j.get("step")), p.name() + " trains to its steps");
            List<String> texts = new ArrayList<>();
            for (Function<Map<String, Object>, Double> f : fs) {
                String s = written(Fmt.sig(f.apply(j), 4));
                texts.add(s);
                assertTrue(p.description().contains(s), p.name() + ": '" + s + "' in: " + p.description());
            }
            numbers.put(p.name(), texts);
        }
        Lesson lesson = Lesson.shipped().stream().filter(l -> l.steps().get(0).lab().id().equals("training")).findFirst().orElseThrow();
        for (Lesson.Step st : lesson.steps()) {
            String name = lab.presets().stream().filter(p -> preset(p.name()).asText().equals(st.values().asText())).map(Preset::name).findFirst()
                    .orElseThrow(() -> new AssertionError(st.title() + " opens no preset"));
            for (String s : numbers.get(name)) assertTrue(st.caption().contains(s), st.title() + ": '" + s + "' in: " + st.caption());
        }
    }

    @Test
    void fromRandomTheCopyTaskFindsTheCoursesRouting() {
        Values v = preset("copy-from-random");
        TrainingResult r = lab.complete(v, lab.compute(lab.resolve(v), Backend.PLAIN));
        assertEquals(0.5, r.heldNow(), 0.01);
        for (int e = 0; e < 20; e++) {
            TrainingResult x = lab.complete(v, lab.compute(lab.resolve(v.with("example", Integer.toString(e + 1))), Backend.PLAIN));
            double[][] p = x.attention().attention()[0], c = x.course().attention()[0];
            // Rows 3 and 4 (1-based) read positions 2 and 3, as in the hand-designed solution.
            assertTrue(p[2][1] > 0.9 && c[2][1] > 0.99, "row 3: " + p[2][1]);
            assertTrue(p[3][2] > 0.9 && c[3][2] > 0.99, "row 4: " + p[3][2]);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void atTauZeroWqAndWkNeverMoveAndTheLabSaysSo() {
        Values v = preset("copy-argmax");
        Map<String, Object> end = export(v), start = export(v.with("steps", "0"));
        Map<String, Object> w0 = (Map<String, Object>) start.get("weights"), w1 = (Map<String, Object>) end.get("weights");
        for (String m : List.of("W_Q", "W_K")) {
            assertArrayEquals((double[][]) w0.get(m), (double[][]) w1.get(m), m);
            for (double g : (double[]) ((Map<String, Object>) curve(end).get("grad_norms")).get(m)) assertEquals(0.0, g);
        }
        assertFalse(java.util.Arrays.deepEquals((double[][]) w0.get("W_V"), (double[][]) w1.get("W_V")), "W_V learns");
        TrainingResult r = lab.complete(v, lab.compute(v, Backend.PLAIN));
        assertTrue(lab.readouts(v, r).stream().anyMatch(x -> x.warning() && x.value().contains("zero gradient")));
    }

    @Test
    void theJsonHoldsTheCurveTheWeightsAndTheCheck() {
        Map<String, Object> j = export(preset("copy-from-random").with("steps", "60"));
        for (String k : List.of("lab", "parameters", "status", "stopped", "step", "optimum", "heldout_loss", "final_batch_loss", "steps_per_second",
                "gradient_check", "curve", "weights", "example")) assertTrue(j.containsKey(k), k);
        assertEquals(60, ((double[]) curve(j).get("train_loss")).length);
        assertEquals(60 / 25 + 1, ((double[]) curve(j).get("heldout_loss")).length);
        assertEquals(0.5, (double) j.get("optimum"));
        @SuppressWarnings("unchecked")
        Map<String, Object> gc = (Map<String, Object>) j.get("gradient_check");
        assertTrue((double) gc.get("max_relative_difference") < 1e-4);
        assertEquals(15, gc.get("coordinates"));
    }

    @Test
    void playPauseOneStepAndResetSetTheTargetStep() {
        Values v = preset("copy-from-random").with("steps", "40");
        TrainingResult done = lab.complete(v, lab.compute(v, Backend.PLAIN));
        Map<String, Map<String, String>> a = new LinkedHashMap<>();
        for (LabAction x : lab.actions(v, done)) a.put(x.label(), x.settings());
        assertEquals(Map.of("steps", Integer.toString(TrainingSpec.MAX_STEPS)), a.get("Play"));
        assertEquals(Map.of("steps", "41"), a.get("One step"));
        assertEquals(Map.of("steps", "0"), a.get("Reset"));
        assertFalse(a.containsKey("Pause"));
        // While it trains (slowly), Pause stops at the step shown.
        Values slow = v.with(Map.of("steps", "100000", "speed", "1"));
        TrainingResult running = lab.compute(slow, Backend.PLAIN);
        assertTrue(lab.pending(running));
        LabAction pause = lab.actions(slow, running).get(0);
        assertEquals("Pause", pause.label());
        assertEquals(Map.of("steps", Integer.toString(running.step())), pause.settings());
        // Going back to an earlier step gives that step's weights again.
        TrainingResult back = lab.complete(v, lab.compute(v.with("steps", "7"), Backend.PLAIN));
        TrainingResult fresh = new TrainingLab().complete(v, new TrainingLab().compute(v.with("steps", "7"), Backend.PLAIN));
        assertArrayEquals(fresh.run().theta(), back.run().theta());
    }

    @Test
    void theBackgroundRunReachesItsTargetWhileTheWindowPolls() throws InterruptedException {
        Values v = preset("copy-from-random").with(Map.of("steps", "300", "speed", "0"));
        TrainingResult r = lab.compute(v, Backend.PLAIN);
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (lab.pending(r) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            r = lab.compute(v, Backend.PLAIN);
        }
        assertFalse(lab.pending(r));
        assertEquals(300, r.step());
        assertTrue(r.heldNow() < r.run().heldLoss()[0]);
    }

    @Test
    void badInputsAreRefusedNamingTheKey() {
        Values v = lab.defaults();
        assertEquals("lr", assertThrows(ParamException.class, () -> v.with("lr", "0")).key());
        assertEquals("lr", assertThrows(ParamException.class, () -> v.with("lr", "NaN")).key());
        assertEquals("batch", assertThrows(ParamException.class, () -> v.with("batch", "0")).key());
        assertEquals("steps", assertThrows(ParamException.class, () -> v.with("steps", "100001")).key());
        assertEquals("head", assertThrows(ParamException.class, () -> lab.compute(lab.resolve(v.with("head", "2")), Backend.PLAIN)).key());
        assertEquals("model", assertThrows(ParamException.class, () -> lab.compute(lab.resolve(v.with(Map.of("model", "rnn", "task", "reversal"))), Backend.PLAIN)).key());
        assertEquals("init", assertThrows(ParamException.class, () -> lab.compute(lab.resolve(v.with(Map.of("init", "course", "d_k", "2"))), Backend.PLAIN)).key());
        // A preset's course weights give way to a typed d_k.
        assertEquals("random", lab.resolve(preset("copy-course").with("d_k", "2")).s("init"));
    }

    @Test
    void theAttentionMapSaysWhatACellIs() {
        Values v = preset("copy-from-random").with("steps", "30");
        TrainingResult r = lab.complete(v, lab.compute(v, Backend.PLAIN));
        List<Figure> figs = lab.figures(v, r);
        HeatmapFigure att = (HeatmapFigure) figs.stream().filter(f -> f.title().startsWith(TrainingFigures.ATTENTION)).findFirst().orElseThrow();
        String label2 = TrainingFigures.labels(r).get(1);
        assertTrue(label2.startsWith("2: "), label2);
        assertTrue(figs.stream().anyMatch(f -> f.title().equals(TrainingFigures.COURSE)));
        assertTrue(figs.stream().anyMatch(f -> f.title().equals(TrainingFigures.LOSS)));
        FormulaChecks.parses(lab.liveFormulas(v, r), "training");
        assertTrue(FormulaChecks.mentions(lab.liveFormulas(v, r), Fmt.sig(r.heldNow(), 4)));
        assertNotNull(att);
    }
}
