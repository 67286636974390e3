package glassbox.core.attention;

import glassbox.core.ParamException;

import java.util.ArrayList;
import java.util.List;

/**
 * ∂L/∂W_Q, ∂L/∂W_K and ∂L/∂W_V of a cross-entropy L = Σ_n (logsumexp(G_{i_n}) − G_{i_n, t_n}) on the logits
 * G = ([P₁V₁ … P_hV_h] W_O) Eᵀ of one softmax attention layer (docs/LABS.md §4, the exam's "why argmax attention does
 * not learn"), by back-propagation, checked by central finite differences of the same forward pass.
 *
 * <p>Backward: dG_i = softmax(G_i) − e_{t}; dR = dG E; dC = dR W_Oᵀ; per head dZ = dC's columns, dV = Pᵀ dZ,
 * dP = dZ Vᵀ, dS_ij = P_ij (dP_ij − Σ_k P_ik dP_ik)/τ, dQ = dS K, dK = dSᵀ Q; dW = Xᵀ dQ (dK, dV) in the head's
 * columns. At τ = 0 (argmax) and τ = ∞ (uniform) P does not move when the scores move a little (away from ties), so
 * dS = 0 and W_Q, W_K get exactly zero gradient; W_V still gets Xᵀ Pᵀ dZ: the values learn, where to attend does not.
 * At τ = 0 a scored row whose maximum is tied is a point where L jumps as W_Q or W_K move: no derivative exists
 * there, and the finite differences show the jump instead ({@link Result#tiedRows}).
 */
public final class AttentionGradients {
    private AttentionGradients() {}

    /** Largest W_Q + W_K + W_V entry count and T for which the gradients (and 2 forward passes per entry) are computed. */
    public static final int MAX_ENTRIES = 3 * 1024;
    public static final int MAX_T = 256;

    /**
     * Analytic gradients (same shapes as W_Q, W_K, W_V), their finite-difference estimates, the largest relative
     * difference over the entries where L is differentiable, and the scored rows (0-based) with a tied maximum at τ = 0.
     */
    public record Result(double loss, double[][] dWq, double[][] dWk, double[][] dWv, double[][] fdWq, double[][] fdWk, double[][] fdWv,
                         double maxRelDiff, List<Integer> tiedRows, double tau) {
        public double norm(double[][] m) {
            double s = 0;
            for (double[] r : m) for (double x : r) s += x * x;
            return Math.sqrt(s);
        }
    }

    /** The model and the loss: positions[n] (0-based) scored against vocabulary index targets[n]. */
    public record Model(double[][] x, double[][] wq, double[][] wk, double[][] wv, int heads, boolean[][] mask, double tau,
                        double[][] wo, double[][] e, int[] positions, int[] targets) {}

    public static void checkSize(Model m) {
        long entries = (long) m.wq().length * Mat.cols(m.wq()) + (long) m.wk().length * Mat.cols(m.wk()) + (long) m.wv().length * Mat.cols(m.wv());
        if (entries > MAX_ENTRIES || m.x().length > MAX_T) {
            throw new ParamException("gradients", "true", "gradients are checked by two forward passes per weight: at most " + MAX_ENTRIES
                    + " entries of W_Q, W_K, W_V and T ≤ " + MAX_T + " (here " + entries + " entries, T = " + m.x().length + ")");
        }
    }

    public static double loss(Model m, double[][] wq, double[][] wk, double[][] wv) {
        Attention.Result r = Attention.attend(Attention.scores(m.x(), wq, wk, wv, m.heads()), m.mask(), m.tau(), Attention.Mode.SOFTMAX, m.wo());
        double[][] g = Attention.logits(r.output(), m.e());
        double l = 0;
        for (int n = 0; n < m.positions().length; n++) l += Loss.crossEntropy(g[m.positions()[n]], m.targets()[n]);
        return l;
    }

    public static Result compute(Model m) {
        checkSize(m);
        Attention.Scores sc = Attention.scores(m.x(), m.wq(), m.wk(), m.wv(), m.heads());
        Attention.Result r = Attention.attend(sc, m.mask(), m.tau(), Attention.Mode.SOFTMAX, m.wo());
        double[][] g = Attention.logits(r.output(), m.e());
        int t = m.x().length, nh = m.heads(), dk = sc.heads().dk(), dv = sc.heads().dv();
        double loss = 0;
        double[][] dG = new double[t][Mat.rows(m.e())];
        for (int n = 0; n < m.positions().length; n++) {
            int i = m.positions()[n];
            loss += Loss.crossEntropy(g[i], m.targets()[n]);
            double[] p = Softmax.row(g[i], null, 1);
            for (int c = 0; c < p.length; c++) dG[i][c] += p[c];
            dG[i][m.targets()[n]] -= 1;
        }
        double[][] dR = Mat.multiply(dG, m.e());
        double[][] dC = m.wo() == null ? dR : Mat.multiplyTransposed(dR, m.wo());
        double[][] dQfull = new double[t][nh * dk], dKfull = new double[t][nh * dk], dVfull = new double[t][nh * dv];
        boolean flat = m.tau() == 0 || Double.isInfinite(m.tau());
        for (int h = 0; h < nh; h++) {
            Attention.Head head = r.heads()[h];
            double[][] p = head.weights(), q = head.q(), k = head.k(), v = head.v();
            double[][] dZ = Mat.columns(dC, h * dv, (h + 1) * dv);
            double[][] dV = Mat.multiply(Mat.transpose(p), dZ);
            for (int i = 0; i < t; i++) System.arraycopy(dV[i], 0, dVfull[i], h * dv, dv);
            if (flat) continue;
            double[][] dP = Mat.multiplyTransposed(dZ, v);
            double[][] dS = new double[t][t];
            for (int i = 0; i < t; i++) {
                double dot = 0;
                for (int j = 0; j < t; j++) dot += p[i][j] * dP[i][j];
                for (int j = 0; j < t; j++) dS[i][j] = p[i][j] * (dP[i][j] - dot) / m.tau();
            }
            double[][] dQ = Mat.multiply(dS, k), dK = Mat.multiply(Mat.transpose(dS), q);
            for (int i = 0; i < t; i++) {
                System.arraycopy(dQ[i], 0, dQfull[i], h * dk, dk);
                System.arraycopy(dK[i], 0, dKfull[i], h * dk, dk);
            }
        }
        double[][] xt = Mat.transpose(m.x());
        double[][] dWq = Mat.multiply(xt, dQfull), dWk = Mat.multiply(xt, dKfull), dWv = Mat.multiply(xt, dVfull);

        List<Integer> tied = new ArrayList<>();
        if (m.tau() == 0) {
            for (int i : distinct(m.positions())) {
                for (int hh = 0; hh < nh; hh++) {
                    if (Softmax.ties(r.heads()[hh].scores()[i], m.mask()[i]) > 1) {
                        tied.add(i);
                        break;
                    }
                }
            }
        }
        double[][] fq = finiteDifferences(m, 0), fk = finiteDifferences(m, 1), fv = finiteDifferences(m, 2);
        double diff = 0;
        double scale = 1;
        for (double[][] a : new double[][][]{fq, fk, fv}) for (double[] row : a) for (double x : row) scale = Math.max(scale, Math.abs(x));
        // With a tie at τ = 0, L jumps when W_Q or W_K move: those finite differences measure the jump, not a derivative.
        boolean qkDifferentiable = tied.isEmpty();
        diff = Math.max(diff, qkDifferentiable ? maxDiff(dWq, fq) : 0);
        diff = Math.max(diff, qkDifferentiable ? maxDiff(dWk, fk) : 0);
        diff = Math.max(diff, maxDiff(dWv, fv));
        return new Result(loss, dWq, dWk, dWv, fq, fk, fv, diff / scale, List.copyOf(tied), m.tau());
    }

    private static List<Integer> distinct(int[] a) {
        List<Integer> out = new ArrayList<>();
        for (int x : a) if (!out.contains(x)) out.add(x);
        return out;
    }

    private static double maxDiff(double[][] a, double[][] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) for (int j = 0; j < a[i].length; j++) d = Math.max(d, Math.abs(a[i][j] - b[i][j]));
        return d;
    }

    /** Central differences (L(θ + h e) − L(θ − h e)) / 2h, h = 1e-5·max(1, |θ|), over W_Q (which = 0), W_K (1) or W_V (2). */
    static double[][] finiteDifferences(Model m, int which) {
        double[][] w = Mat.copy(which == 0 ? m.wq() : which == 1 ? m.wk() : m.wv());
        double[][] out = new double[w.length][Mat.cols(w)];
        for (int a = 0; a < w.length; a++) {
            for (int b = 0; b < w[a].length; b++) {
                double theta = w[a][b], h = 1e-5 * Math.max(1, Math.abs(theta));
                w[a][b] = theta + h;
                double up = lossWith(m, which, w);
                w[a][b] = theta - h;
                double down = lossWith(m, which, w);
                w[a][b] = theta;
                out[a][b] = (up - down) / (2 * h);
            }
        }
        return out;
    }

    private static double lossWith(Model m, int which, double[][] w) {
        return loss(m, which == 0 ? w : m.wq(), which == 1 ? w : m.wk(), which == 2 ? w : m.wv());
    }
}
