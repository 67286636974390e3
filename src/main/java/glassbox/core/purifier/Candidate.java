package glassbox.core.purifier;

import glassbox.core.MatrixLiteral;
import glassbox.core.ParamException;

import java.util.ArrayList;
import java.util.List;

/**
 * A given encoder W to compare with others under the ridge loss. Its reconstruction loss
 * ‖X − W X‖_F² and ‖W‖_F² do not depend on λ, so the total r + λ·g is a line in λ.
 */
public record Candidate(String name, double[][] w, double reconstruction, double regularization) {

    public double total(double lambda) {
        // 0·λ when a candidate has ‖W‖ = 0, even for λ = ∞ bounds.
        return regularization == 0 ? reconstruction : reconstruction + lambda * regularization;
    }

    /** A named matrix before it is scored against data. */
    public record Spec(String name, double[][] w) {}

    /**
     * Parses the candidates parameter: items {@code name=matrix} separated by '|'. A matrix is
     * {@code I} (identity), {@code 0} (zero), {@code diag(a,b,…)} (m entries) or an m×m matrix literal
     * (rows by ';', entries by ','). Empty text means no candidates.
     */
    public static List<Spec> parse(String key, String text, int m) {
        List<Spec> out = new ArrayList<>();
        if (text == null || text.isBlank()) return out;
        String[] items = text.split("\\|", -1);
        for (int k = 0; k < items.length; k++) {
            String item = items[k].trim();
            int eq = item.indexOf('=');
            if (eq <= 0) {
                throw new ParamException(key, "\"" + item + "\"", "candidate " + (k + 1)
                        + " needs the form name=matrix (e.g. alpha=I|beta=diag(1,0)); items are separated by '|'");
            }
            String name = item.substring(0, eq).trim(), mat = item.substring(eq + 1).trim();
            if (!name.matches("[\\p{L}\\p{N}_ .\\-()]+")) {
                throw new ParamException(key, "\"" + name + "\"", "candidate names use letters, digits, spaces, _ . - ( )");
            }
            for (Spec s : out) {
                if (s.name().equals(name)) throw new ParamException(key, "\"" + name + "\"", "candidate name used twice");
            }
            out.add(new Spec(name, matrix(key, name, mat, m)));
        }
        return out;
    }

    private static double[][] matrix(String key, String name, String t, int m) {
        double[][] w = new double[m][m];
        if (t.equalsIgnoreCase("I")) {
            for (int i = 0; i < m; i++) w[i][i] = 1;
            return w;
        }
        if (t.equals("0")) return w;
        if (t.toLowerCase(java.util.Locale.ROOT).startsWith("diag(") && t.endsWith(")")) {
            double[] d = MatrixLiteral.vector(key, MatrixLiteral.parse(key, t.substring(5, t.length() - 1)));
            if (d.length != m) {
                throw new ParamException(key, t, "candidate " + name + ": diag(…) has " + d.length + " entries but the data has m = " + m + " dimensions");
            }
            for (int i = 0; i < m; i++) w[i][i] = d[i];
            return w;
        }
        double[][] lit = MatrixLiteral.parse(key, t);
        if (lit.length != m || lit[0].length != m) {
            throw new ParamException(key, t, "candidate " + name + " is " + lit.length + "×" + lit[0].length
                    + " but W must be m×m = " + m + "×" + m + " (or I, 0, diag(…))");
        }
        return lit;
    }

    /**
     * Scores a candidate with the Gram matrix G = X Xᵀ: ‖X − W X‖_F² = tr((I−W) G (I−W)ᵀ), which
     * costs m³ instead of m²n (the lab caches it; λ moves only the line's slope term).
     */
    public static Candidate score(Spec s, double[][] gram) {
        int m = gram.length;
        double[][] d = new double[m][m];
        double reg = 0;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                d[i][j] = (i == j ? 1 : 0) - s.w()[i][j];
                reg += s.w()[i][j] * s.w()[i][j];
            }
        }
        double rec = 0;
        double[] gd = new double[m];
        for (int i = 0; i < m; i++) {
            double[] di = d[i];
            // (G dᵢ) then dᵢ·(G dᵢ): row i of D G Dᵀ's diagonal.
            for (int r = 0; r < m; r++) {
                double[] gr = gram[r];
                double acc = 0;
                for (int c = 0; c < m; c++) acc += gr[c] * di[c];
                gd[r] = acc;
            }
            double acc = 0;
            for (int r = 0; r < m; r++) acc += di[r] * gd[r];
            rec += acc;
        }
        // Rounding can leave a tiny negative for an exact reconstruction; a squared norm is ≥ 0.
        return new Candidate(s.name(), s.w(), Math.max(0, rec), reg);
    }

    /** Where the best (lowest-total) candidate changes as λ grows from 0 to ∞. */
    public record Crossover(double lambda, String from, String to) {}

    /** The breakpoints of the lower envelope of the lines r_c + λ g_c over λ > 0, in increasing λ. */
    public static List<Crossover> crossovers(List<Candidate> cs) {
        List<Crossover> out = new ArrayList<>();
        if (cs.size() < 2) return out;
        // Best as λ → 0+: least reconstruction, ties broken by least ‖W‖².
        Candidate cur = cs.get(0);
        for (Candidate c : cs) {
            if (c.reconstruction() < cur.reconstruction()
                    || (c.reconstruction() == cur.reconstruction() && c.regularization() < cur.regularization())) cur = c;
        }
        double at = 0;
        while (true) {
            Candidate next = null;
            double best = Double.POSITIVE_INFINITY;
            for (Candidate c : cs) {
                if (c.regularization() >= cur.regularization()) continue; // never overtakes as λ grows
                double l = (c.reconstruction() - cur.reconstruction()) / (cur.regularization() - c.regularization());
                if (l < at) l = at; // already equal or below here (ties at the previous breakpoint)
                if (l < best || (l == best && next != null && c.regularization() < next.regularization())) {
                    best = l;
                    next = c;
                }
            }
            if (next == null || !Double.isFinite(best)) break;
            if (best > 0 || at > 0) out.add(new Crossover(best, cur.name(), next.name()));
            at = best;
            cur = next;
        }
        return out;
    }
}
