package glassbox.core.purifier;

import glassbox.core.ParamException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class CandidateTest {
    static final double[][] TWO = {{-2.17, 1.98, 2.41, -2.03}, {0.02, -0.01, 0.01, -0.02}};

    @Test
    void twoEncodersByHand() {
        // W(α) = I: X − X = 0, ‖I‖² = 2 → total 2λ. W(β) = diag(1,0): X − βX is the second row,
        // 0.02² + 0.01² + 0.01² + 0.02² = 0.001, ‖β‖² = 1 → total 0.001 + λ. Equal at λ = 0.001.
        Data d = Data.matrix("X", TWO, "X", "");
        List<Candidate> cs = new ArrayList<>();
        for (Candidate.Spec s : Candidate.parse("candidates", "alpha=I|beta=diag(1,0)", 2)) cs.add(Candidate.score(s, d.svd().gram()));
        assertEquals(0, cs.get(0).reconstruction(), 1e-12);
        assertEquals(2, cs.get(0).regularization(), 0);
        assertEquals(0.001, cs.get(1).reconstruction(), 1e-12);
        assertEquals(1, cs.get(1).regularization(), 0);
        assertEquals(2 * 0.5, cs.get(0).total(0.5), 1e-12);
        assertEquals(0.001 + 0.5, cs.get(1).total(0.5), 1e-12);
        List<Candidate.Crossover> x = Candidate.crossovers(cs);
        assertEquals(1, x.size());
        assertEquals(0.001, x.get(0).lambda(), 1e-12);
        assertEquals("alpha", x.get(0).from());
        assertEquals("beta", x.get(0).to());
    }

    @Test
    void scoreMatchesDirectReconstruction() {
        Random r = new Random(3);
        int m = 5, n = 12;
        double[][] x = new double[m][n];
        for (double[] row : x) for (int j = 0; j < n; j++) row[j] = r.nextGaussian();
        double[][] w = new double[m][m];
        StringBuilder lit = new StringBuilder();
        for (int i = 0; i < m; i++) {
            if (i > 0) lit.append(';');
            for (int j = 0; j < m; j++) {
                w[i][j] = Math.round(r.nextGaussian() * 100) / 100.0;
                if (j > 0) lit.append(',');
                lit.append(w[i][j]);
            }
        }
        Candidate c = Candidate.score(Candidate.parse("candidates", "w=" + lit, m).get(0), Svd.gram(x));
        double rec = 0, reg = 0;
        for (int i = 0; i < m; i++) {
            for (int col = 0; col < n; col++) {
                double wx = 0;
                for (int k = 0; k < m; k++) wx += w[i][k] * x[k][col];
                rec += (x[i][col] - wx) * (x[i][col] - wx);
            }
            for (int k = 0; k < m; k++) reg += w[i][k] * w[i][k];
        }
        assertEquals(rec, c.reconstruction(), 1e-9);
        assertEquals(reg, c.regularization(), 1e-12);
    }

    @Test
    void crossoversAgainstGridEnvelope() {
        Random r = new Random(17);
        for (int trial = 0; trial < 30; trial++) {
            List<Candidate> cs = new ArrayList<>();
            int count = 2 + r.nextInt(4);
            for (int i = 0; i < count; i++) cs.add(new Candidate("c" + i, null, Math.exp(r.nextGaussian() * 2), Math.exp(r.nextGaussian())));
            List<Candidate.Crossover> xs = Candidate.crossovers(cs);
            // Walk a fine log grid; every change of the argmin must be matched by a breakpoint nearby.
            String prev = null;
            int changes = 0;
            for (int g = 0; g <= 40000; g++) {
                double lambda = Math.pow(10, -8 + 16.0 * g / 40000);
                Candidate best = cs.get(0);
                for (Candidate c : cs) if (c.total(lambda) < best.total(lambda)) best = c;
                if (prev != null && !prev.equals(best.name())) {
                    Candidate.Crossover x = xs.get(changes);
                    assertEquals(prev, x.from());
                    assertEquals(best.name(), x.to());
                    assertTrue(x.lambda() <= lambda * 1.0001 && x.lambda() >= lambda / Math.pow(10, 16.0 / 40000) / 1.0001);
                    changes++;
                }
                prev = best.name();
            }
            // Breakpoints outside the grid are allowed only beyond its ends.
            for (int i = changes; i < xs.size(); i++) assertTrue(xs.get(i).lambda() < 1e-8 || xs.get(i).lambda() > 1e8);
        }
    }

    @Test
    void badCandidatesNameTheKey() {
        for (String t : new String[]{"alpha", "alpha=1,0;0", "alpha=diag(1,2,3)", "alpha=1,2,3;4,5,6", "a=I|a=0", "=I", "alpha=x"}) {
            ParamException e = assertThrows(ParamException.class, () -> Candidate.parse("candidates", t, 2), t);
            assertEquals("candidates", e.key());
        }
        assertTrue(Candidate.parse("candidates", "", 2).isEmpty());
        double[][] z = Candidate.parse("candidates", "zero=0|id=I|m=1,2;3,4", 2).get(2).w();
        assertEquals(3, z[1][0]);
    }
}
