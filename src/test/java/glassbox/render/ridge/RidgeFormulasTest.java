package glassbox.render.ridge;

import glassbox.core.Backend;
import glassbox.core.Fmt;
import glassbox.core.Preset;
import glassbox.core.Values;
import glassbox.core.ridge.RidgeResult;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static glassbox.render.FormulaChecks.parses;
import static org.junit.jupiter.api.Assertions.*;

class RidgeFormulasTest {
    final RidgeAttentionLab lab = new RidgeAttentionLab();

    /** q_tᵀ (λI + K_tᵀK_t)⁻¹ k_j by Gaussian elimination with partial pivoting (K_t: the first t rows, or all). */
    static double weight(double[][] k, double[] q, double[] kj, int rows, double lambda) {
        int d = q.length;
        double[][] a = new double[d][d + 1];
        for (int r = 0; r < d; r++) {
            a[r][r] = lambda;
            for (int c = 0; c < d; c++) for (int p = 0; p < rows; p++) a[r][c] += k[p][r] * k[p][c];
            a[r][d] = kj[r];
        }
        for (int c = 0; c < d; c++) {
            int piv = c;
            for (int r = c + 1; r < d; r++) if (Math.abs(a[r][c]) > Math.abs(a[piv][c])) piv = r;
            double[] tmp = a[c]; a[c] = a[piv]; a[piv] = tmp;
            for (int r = 0; r < d; r++) {
                if (r == c) continue;
                double f = a[r][c] / a[c][c];
                for (int cc = c; cc <= d; cc++) a[r][cc] -= f * a[c][cc];
            }
        }
        double s = 0;
        for (int r = 0; r < d; r++) s += q[r] * a[r][d] / a[r][r];
        return s;
    }

    /** How a formula writes Fmt's scientific notation: -7.186e-04 as -7.186 \\cdot 10^{-4}. */
    static String typeset(String fmt) {
        Matcher m = Pattern.compile("(.*)e([-+]?)0*(\\d+)").matcher(fmt);
        return m.matches() ? m.group(1) + " \\cdot 10^{" + (m.group(2).equals("-") ? "-" : "") + m.group(3) + "}" : fmt;
    }

    @Test
    void everyPresetHasParsingFormulasAndTheShownWeightSolvedHere() {
        Pattern shown = Pattern.compile("w_\\{(\\d+),(\\d+)\\} = \\\\langle");
        for (Preset p : lab.presets()) {
            Values v = Values.of(lab.params(), p.settings());
            RidgeResult r = lab.compute(v, Backend.PLAIN);
            List<String> fs = lab.liveFormulas(v, r);
            assertTrue(fs.size() >= 3 && fs.size() <= 5, p.name() + ": " + fs.size());
            parses(fs, p.name());
            String f = fs.stream().filter(x -> shown.matcher(x).find()).findFirst().orElseThrow();
            Matcher m = shown.matcher(f);
            assertTrue(m.find());
            int t = Integer.parseInt(m.group(1)) - 1, j = Integer.parseInt(m.group(2)) - 1;
            double[][] k = r.inputs().K();
            double w = weight(k, r.inputs().Q()[t], k[j], r.causal() ? t + 1 : k.length, v.d("lambda"));
            assertTrue(f.endsWith("= " + typeset(Fmt.sig(w, 4))), p.name() + ": expected " + Fmt.sig(w, 4) + " in " + f);
        }
    }

    @Test
    void smallNegativeShowsTheMostNegativeWeightWithItsVectors() {
        Preset p = lab.presets().stream().filter(x -> x.name().equals("small-negative")).findFirst().orElseThrow();
        Values v = Values.of(lab.params(), p.settings());
        RidgeResult r = lab.compute(v, Backend.PLAIN);
        List<String> fs = lab.liveFormulas(v, r);
        double min = 0;
        for (double[] row : r.weights()) for (double x : row) min = Math.min(min, x);
        assertTrue(min < 0);
        String m = Fmt.sig(min, 4);
        assertTrue(fs.stream().anyMatch(f -> f.contains("\\langle (") && f.endsWith("= " + m)), fs.toString());
    }

    @Test
    void causalShowsTheRecursionAndLargeInputsParse() {
        Values v = Values.of(lab.params(), Map.of("n", "64", "d", "8", "causal", "true", "lambda", "1e-4"));
        List<String> fs = lab.liveFormulas(v, lab.compute(v, Backend.PLAIN));
        parses(fs, "causal");
        assertTrue(fs.stream().anyMatch(f -> f.startsWith("M_t^{-1}")), fs.toString());
    }
}
