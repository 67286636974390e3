package glassbox.render;

import glassbox.core.Backend;
import glassbox.core.ParamException;
import glassbox.core.Preset;
import glassbox.core.Values;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * issue 18 §2, docs/LABS.md: a value the user did not set follows the data, and only values the user did set are
 * refused, with the message naming them. For every lab, inputs of every small size are typed over the defaults and
 * over every preset; whatever is refused must be refused by the name of a key the user typed.
 */
class DependentDefaultsTest {

    /** A matrix literal rows × cols with small entries that differ from row to row (never all zero). */
    static String matrix(int rows, int cols, int salt) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < rows; i++) {
            if (i > 0) b.append(';');
            for (int k = 0; k < cols; k++) b.append(k > 0 ? "," : "").append(((i * 3 + k * 5 + salt) % 7 - 3) / 4.0 + (i == k ? 1 : 0));
        }
        return b.toString();
    }

    static String list(int n, double first, double step) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) b.append(i > 0 ? "," : "").append(first + step * i);
        return b.toString();
    }

    /** The typed inputs of every small size, per lab. */
    static List<Map<String, String>> inputs(String lab) {
        List<Map<String, String>> out = new ArrayList<>();
        switch (lab) {
            case "attention" -> {
                for (int r = 1; r <= 4; r++) for (int c = 1; c <= 4; c++) out.add(Map.of("X", matrix(r, c, r + c)));
                for (String t : List.of("A", "A B", "<START> A D", "D C B A")) out.add(Map.of("tokens", t));
                for (int t = 1; t <= 4; t++) out.add(Map.of("T", Integer.toString(t)));
                out.add(Map.of("heads", "2"));
                out.add(Map.of("vocab", "A B C D <START> <STOP> <PAD> E"));
            }
            case "conv" -> {
                for (int h = 1; h <= 4; h++) for (int w = 1; w <= 4; w++) out.add(Map.of("h", Integer.toString(h), "w", Integer.toString(w)));
                for (int c = 1; c <= 3; c++) out.add(Map.of("ci", Integer.toString(c), "h", "3", "w", "3"));
            }
            case "ssm" -> {
                for (int n = 1; n <= 4; n++) out.add(Map.of("A", matrix(n, n, n).replace("1.", "0.")));
                for (int n = 1; n <= 3; n++) out.add(Map.of("eig", list(n, 0.5, 0.1).replace(",", ";")));
                for (int n = 1; n <= 3; n++) out.add(Map.of("p", list(n, 0.1, 0.05)));
                for (int n = 1; n <= 3; n++) out.add(Map.of("poly", list(n, -0.3, 0.1)));
                out.add(Map.of("L", "2"));
            }
            case "purifier" -> {
                for (int m = 2; m <= 5; m++) out.add(Map.of("sigmas", list(m, 5, -1)));
                for (int m = 2; m <= 4; m++) for (int n = m; n <= m + 2; n++) out.add(Map.of("X", matrix(m, n, m * n)));
                for (int m = 2; m <= 4; m++) out.add(Map.of("m", Integer.toString(m)));
            }
            case "ridge-attention" -> {
                for (int n = 1; n <= 4; n++) for (int d = 1; d <= 3; d++) out.add(Map.of("K", matrix(n, d, n + d)));
                for (int n = 1; n <= 4; n++) out.add(Map.of("V", matrix(n, 2, n)));
                for (int n = 1; n <= 4; n++) out.add(Map.of("Q", matrix(n, 2, n + 1)));
                for (int n = 1; n <= 4; n++) out.add(Map.of("n", Integer.toString(n)));
            }
            case "rnn" -> {
                for (int n = 1; n <= 4; n++) out.add(Map.of("x", list(n, 0.5, 0.25)));
                for (int t = 1; t <= 4; t++) out.add(Map.of("T", Integer.toString(t)));
                out.add(Map.of("scheme", "bits"));
            }
            case "cnn-shapes" -> {
                for (int s = 1; s <= 4; s++) out.add(Map.of("input", "1," + s + "," + s));
            }
            case "decoding" -> {
                for (String t : List.of("a", "a b", "<start>", "x y z")) out.add(Map.of("prompt", t));
                for (String v : List.of("a", "a b", "<start> <stop> a b c")) out.add(Map.of("vocab", v));
                for (int d = 2; d <= 5; d++) out.add(Map.of("d_model", Integer.toString(d)));
                for (int c = 2; c <= 4; c++) out.add(Map.of("context", Integer.toString(c)));
                for (int n = 1; n <= 3; n++) out.add(Map.of("generate", Integer.toString(n)));
                out.add(Map.of("layers", "1"));
            }
            case "training" -> {
                for (String t : List.of("copy", "dedupe-sort", "reversal")) out.add(Map.of("task", t));
                for (String p : List.of("one-hot", "sinusoidal", "learned", "none")) out.add(Map.of("positions", p));
                for (int d = 1; d <= 3; d++) out.add(Map.of("d_k", Integer.toString(d)));
                for (int h = 1; h <= 2; h++) out.add(Map.of("heads", Integer.toString(h)));
                out.add(Map.of("wo", "true"));
                out.add(Map.of("model", "attention"));
                out.add(Map.of("steps", "3"));
            }
            default -> fail("no inputs listed for lab " + lab + ": add them here");
        }
        return out;
    }

    @TestFactory
    List<DynamicTest> nothingTheUserDidNotSetRefusesWhatTheUserTyped() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Lab<?> lab : Labs.all()) {
            tests.add(DynamicTest.dynamicTest(lab.id(), () -> {
                Map<String, Values> bases = new LinkedHashMap<>();
                bases.put("defaults", lab.defaults());
                boolean timed = lab.params().stream().anyMatch(p -> p.key().equals("timing"));
                for (Preset p : lab.presets()) {
                    // Timing curves take seconds and depend on no typed input: off here.
                    Values pv = Values.preset(lab.params(), p.settings());
                    bases.put(p.name(), timed ? pv.follow("timing", "false") : pv);
                }
                List<String> refused = new ArrayList<>();
                for (Map.Entry<String, Values> base : bases.entrySet()) {
                    for (Map<String, String> typed : inputs(lab.id())) {
                        Values v = base.getValue().with(typed);
                        try {
                            Computed c = Computed.compute(lab, v, Backend.PLAIN);
                            for (String k : typed.keySet()) assertEquals(v.text(k), c.values().text(k), "a value the user set is never moved: " + k);
                        } catch (ParamException e) {
                            if (!v.setKeys().contains(e.key())) refused.add(base.getKey() + " + " + typed + ": " + e.getMessage());
                        }
                    }
                }
                assertTrue(refused.isEmpty(), lab.id() + ": refused by a value the user did not set:\n" + String.join("\n", refused));
            }));
        }
        return tests;
    }
}
