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
        // While it trains (slowly), Pause stops where the run is when pressed (at or past the step shown).
        Values slow = v.with(Map.of("steps", "100000", "speed", "1"));
        TrainingResult running = lab.compute(slow, Backend.PLAIN);
        assertTrue(lab.pending(running));
        LabAction pause = lab.actions(slow, running).get(0);
        assertEquals("Pause", pause.label());
        assertTrue(Integer.parseInt(pause.settings().get("steps")) >= running.step());
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

    @Test
    void aTrainedModelOpensInTheAttentionLabWithTheSameWeightsMapAndOutput() {
        glassbox.render.attention.AttentionLab att = new glassbox.render.attention.AttentionLab();
        List<Map<String, String>> cases = List.of(
                Map.of("steps", "200"),
                Map.of("steps", "100", "heads", "2", "d_k", "2", "tau", "1.5", "head", "2"),
                Map.of("steps", "100", "task", "dedupe-sort", "heads", "2", "wo", "true", "d_k", "2", "positions", "learned", "example", "3"));
        for (Map<String, String> c : cases) {
            Values v = lab.resolve(preset("copy-from-random").with(c));
            TrainingResult r = lab.complete(v, lab.compute(v, Backend.PLAIN));
            LabAction open = lab.actions(v, r).stream().filter(a -> a.label().equals("Open in the attention lab")).findFirst().orElseThrow();
            assertEquals("attention", open.lab());
            Values av = att.resolve(att.defaults().with(open.settings()));
            Map<String, Object> j = att.json(av, att.compute(av, Backend.PLAIN));
            int head = v.i("head") - 1;
            double[][] p = (double[][]) j.get("weights"), mine = r.attention().attention()[head];
            for (int i = 0; i < mine.length; i++) for (int k = 0; k <= i; k++) assertEquals(mine[i][k], p[i][k], 1e-4, c + " P[" + i + "][" + k + "]");
            double[][] o = (double[][]) j.get("output"), myO = r.attention().outputs();
            for (int i = 0; i < myO.length; i++) for (int k = 0; k < myO[i].length; k++) assertEquals(myO[i][k], o[i][k], 1e-3 * Math.max(1, Math.abs(myO[i][k])), c + " o");
            if (r.spec().task() == TrainingSpec.Task.COPY) assertEquals(r.attention().loss(), ((Number) j.get("loss")).doubleValue(), 1e-3, "L1 loss");
        }
    }

    @Test
    void theAttentionLabsCopySolutionLoadsAsTheStartingPoint() {
        glassbox.render.attention.AttentionLab att = new glassbox.render.attention.AttentionLab();
        Preset copy = att.presets().stream().filter(p -> p.settings().getOrDefault("task", "").equals("copy")).findFirst().orElseThrow();
        Values av = att.resolve(Values.preset(att.params(), copy.settings()));
        LabAction train = att.actions(av, att.compute(av, Backend.PLAIN)).stream().filter(a -> a.lab().equals("training")).findFirst().orElseThrow();
        Values v = lab.resolve(lab.defaults().with(train.settings()).with("steps", "0"));
        assertEquals("course", v.s("init"));
        TrainingResult r = lab.complete(v, lab.compute(v, Backend.PLAIN));
        double m = av.d("M");
        Map<String, Object> j = export(v);
        @SuppressWarnings("unchecked")
        Map<String, Object> w = (Map<String, Object>) j.get("weights");
        double[][] wq = (double[][]) w.get("W_Q"), wk = (double[][]) w.get("W_K"), wv = (double[][]) w.get("W_V");
        double[] q = {0, m, -m, m, 0}, k = {m, 0, 2 * m, -m, 0}, vv = {0.5, 0, 0, 0, 1};
        for (int i = 0; i < 5; i++) {
            assertEquals(q[i], wq[i][0]);
            assertEquals(k[i], wk[i][0]);
            assertEquals(vv[i], wv[i][0]);
        }
        assertEquals(0.5, r.heldNow(), 0.01, "the course's solution starts at the optimum");
    }

    @Test
    void aDivergingRunStopsWithTheStepAndKeepsTheLastFiniteWeights() {
        Values v = preset("dedupe-sort").with(Map.of("optimiser", "sgd", "lr", "1000000"));
        Map<String, Object> j = export(v);
        String stopped = (String) j.get("stopped");
        int step = (int) j.get("step");
        assertTrue(stopped.startsWith("diverged at step " + (step + 1) + ": the loss is "), stopped);
        assertTrue(stopped.endsWith("kept the weights of step " + step), stopped);
        assertTrue(step < 2000);
        @SuppressWarnings("unchecked")
        Map<String, Object> w = (Map<String, Object>) j.get("weights");
        for (Object m : w.values()) for (double[] row : (double[][]) m) for (double x : row) assertTrue(Double.isFinite(x));
        assertEquals(step, ((double[]) curve(j).get("train_loss")).length, "the curve up to the stop is kept");
        TrainingResult r = lab.complete(v, lab.compute(v, Backend.PLAIN));
        assertFalse(lab.pending(r));
        assertTrue(lab.readouts(v, r).get(0).warning());
        assertTrue(lab.actions(v, r).stream().noneMatch(a -> a.label().equals("Play")), "a stopped run cannot go on");
    }

    @Test
    void aParameterWithNoEffectKeepsTheRun() {
        Values v = preset("copy-from-random").with("steps", "300");
        Map<String, String> inactive = lab.inactive(v);
        assertTrue(inactive.keySet().containsAll(List.of("length", "rnn_g", "float32", "head", "M")), inactive.toString());
        assertFalse(inactive.containsKey("d_k") || inactive.containsKey("tau") || inactive.containsKey("init_scale"));
        double[] theta = lab.complete(v, lab.compute(v, Backend.PLAIN)).run().theta();
        for (Map<String, String> change : List.of(Map.of("length", "5"), Map.of("rnn_g", "identity"), Map.of("float32", "false"), Map.of("M", "3"))) {
            assertTrue(inactive.keySet().containsAll(change.keySet()));
            Values w = v.with(change);
            assertArrayEquals(theta, lab.complete(w, lab.compute(w, Backend.PLAIN)).run().theta(), change.toString());
        }
        Values rnn = preset("copy-rnn").with("steps", "300");
        assertTrue(lab.inactive(rnn).keySet().containsAll(List.of("positions", "d_k", "tau", "heads", "wo")));
        double[] r0 = lab.complete(rnn, lab.compute(rnn, Backend.PLAIN)).run().theta();
        Values rnn2 = rnn.with(Map.of("d_k", "3", "tau", "0", "positions", "none"));
        assertArrayEquals(r0, lab.complete(rnn2, lab.compute(rnn2, Backend.PLAIN)).run().theta());
        // An active one does change it.
        Values tau = v.with("tau", "2");
        assertFalse(java.util.Arrays.equals(theta, lab.complete(tau, lab.compute(tau, Backend.PLAIN)).run().theta()));
    }
}
