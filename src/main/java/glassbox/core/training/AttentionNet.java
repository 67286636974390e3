package glassbox.core.training;

import java.util.SplittableRandom;

/**
 * docs/LABS.md §9: one layer of causal attention. Token t is z_t = (p_t, f_t) (position code, then the copy task's
 * x_t or the one-hot token); per head Q = Z W_Q, K = Z W_K, V = Z W_V, P = softmax_row(Q Kᵀ/τ) over j ≤ i (τ = 0:
 * argmax, ties share), H = P V; the output is [H¹ H²] W_O, or H¹ + H² without W_O. Copy task: L1 loss Σ_t |o_t − y_t|;
 * token tasks: cross-entropy of softmax(o_t) against the next token, averaged over the predicted positions.
 */
public final class AttentionNet implements Net {
    private final TrainingSpec spec;
    private final int tMax, pd, e, d, dk, dv, heads, out;
    private final double tau;
    private final boolean wo, learned, copy;
    private final double[] fixedPos; // tMax × pd, one-hot or sinusoidal
    private final Layout layout = new Layout();
    private final int[] oq, ok, ov;
    private final int oo, op;
    // Scratch for one example, sized for the longest sequence.
    private final double[] z, o, dO;
    private final double[][] q, k, v, p, h, dH, dQ, dK, dV;

    public AttentionNet(TrainingSpec s) {
        spec = s;
        tMax = s.maxT();
        pd = s.posDim();
        e = s.features();
        d = s.d();
        dk = s.dk();
        dv = s.dv();
        heads = s.heads();
        out = s.out();
        tau = s.tau();
        wo = s.wo();
        copy = s.task() == TrainingSpec.Task.COPY;
        learned = s.positions() == TrainingSpec.Positions.LEARNED;
        oq = new int[heads];
        ok = new int[heads];
        ov = new int[heads];
        for (int hh = 0; hh < heads; hh++) {
            String suffix = heads == 1 ? "" : Integer.toString(hh + 1);
            oq[hh] = layout.add("W_Q" + suffix, d, dk);
            ok[hh] = layout.add("W_K" + suffix, d, dk);
            ov[hh] = layout.add("W_V" + suffix, d, dv);
        }
        oo = wo ? layout.add("W_O", heads * dv, out) : -1;
        op = learned ? layout.add("P", tMax, pd) : -1;
        fixedPos = positions(s.positions(), tMax, pd);
        z = new double[tMax * d];
        o = new double[tMax * out];
        dO = new double[tMax * out];
        q = new double[heads][tMax * dk];
        k = new double[heads][tMax * dk];
        v = new double[heads][tMax * dv];
        p = new double[heads][tMax * tMax];
        h = new double[heads][tMax * dv];
        dH = new double[heads][tMax * dv];
        dQ = new double[heads][tMax * dk];
        dK = new double[heads][tMax * dk];
        dV = new double[heads][tMax * dv];
    }

    /** The fixed position codes, row t for position t (0-based): e_t, or sin/cos(t/10000^(2i/P)) in pairs. */
    static double[] positions(TrainingSpec.Positions kind, int t, int pd) {
        double[] pe = new double[t * pd];
        for (int i = 0; i < t; i++) {
            for (int c = 0; c < pd; c++) {
                pe[i * pd + c] = switch (kind) {
                    case ONE_HOT -> i == c ? 1 : 0;
                    case SINUSOIDAL -> {
                        double w = Math.pow(10000, -(2.0 * (c / 2)) / pd);
                        yield c % 2 == 0 ? Math.sin(i * w) : Math.cos(i * w);
                    }
                    default -> 0;
                };
            }
        }
        return pe;
    }

    @Override public Layout layout() { return layout; }

    @Override
    public double[] init(TrainingSpec s) {
        double[] th = new double[layout.size()];
        if (s.init().equals("course")) {
            // The problem set's weights (docs/LABS.md §4): z = (p₁..p₄, x), W_Q = [0, M, −M, M, 0], W_K = [M, 0, 2M, −M, 0], W_V = [½, 0, 0, 0, 1].
            double m = s.courseM();
            double[] wq = {0, m, -m, m, 0}, wk = {m, 0, 2 * m, -m, 0}, wv = {0.5, 0, 0, 0, 1};
            for (int c = 0; c < 5; c++) {
                th[oq[0] + c] = wq[c];
                th[ok[0] + c] = wk[c];
                th[ov[0] + c] = wv[c];
            }
            return th;
        }
        SplittableRandom r = new SplittableRandom(Tasks.mix(s.seed(), -2));
        for (int i = 0; i < th.length; i++) th[i] = s.initScale() * r.nextGaussian();
        return th;
    }

    @Override
    public double loss(double[] theta, Tasks.Example[] batch, double[] grad) {
        double total = 0, scale = 1.0 / batch.length;
        for (Tasks.Example ex : batch) total += example(theta, ex, grad, scale);
        return total * scale;
    }

    /**
     * What the model does on one example: attention weights per head (T×T, zero above the diagonal), outputs, and for
     * the token tasks softmax(o_t), the predicted next-token distribution at each position (null for the copy task).
     */
    public record View(double[][][] attention, double[][] outputs, double loss, double[][] probs) {}

    public View view(double[] theta, Tasks.Example ex) {
        double l = example(theta, ex, null, 1);
        int t = ex.length();
        double[][][] att = new double[heads][t][t];
        for (int hh = 0; hh < heads; hh++) for (int i = 0; i < t; i++) for (int j = 0; j <= i; j++) att[hh][i][j] = p[hh][i * tMax + j];
        double[][] os = new double[t][out];
        for (int i = 0; i < t; i++) System.arraycopy(o, i * out, os[i], 0, out);
        double[][] probs = null;
        if (!copy) {
            probs = new double[t][out];
            for (int i = 0; i < t; i++) {
                double max = Double.NEGATIVE_INFINITY, sum = 0;
                for (double x : os[i]) max = Math.max(max, x);
                for (int c = 0; c < out; c++) sum += probs[i][c] = Math.exp(os[i][c] - max);
                for (int c = 0; c < out; c++) probs[i][c] /= sum;
            }
        }
        return new View(att, os, l, probs);
    }

    /** The tokens z_t = (p_t, f_t) of an example as rows (T × d): the input the attention lab is handed. */
    public double[][] inputs(double[] theta, Tasks.Example ex) {
        fillTokens(theta, ex);
        double[][] out = new double[ex.length()][d];
        for (int i = 0; i < ex.length(); i++) System.arraycopy(z, i * d, out[i], 0, d);
        return out;
    }

    private void fillTokens(double[] th, Tasks.Example ex) {
        int t = ex.length();
        for (int i = 0; i < t; i++) {
            int row = i * d;
            for (int c = 0; c < pd; c++) z[row + c] = learned ? th[op + i * pd + c] : fixedPos[i * pd + c];
            if (copy) {
                z[row + pd] = ex.x()[i];
            } else {
                for (int c = 0; c < e; c++) z[row + pd + c] = 0;
                z[row + pd + ex.tokens()[i]] = 1;
            }
        }
    }

    private double example(double[] th, Tasks.Example ex, double[] g, double scale) {
        int t = ex.length();
        fillTokens(th, ex);
        java.util.Arrays.fill(o, 0, t * out, 0);
        for (int hh = 0; hh < heads; hh++) {
            project(th, oq[hh], dk, q[hh], t);
            project(th, ok[hh], dk, k[hh], t);
            project(th, ov[hh], dv, v[hh], t);
            double[] qh = q[hh], kh = k[hh], vh = v[hh], ph = p[hh], hv = h[hh];
            for (int i = 0; i < t; i++) {
                int pr = i * tMax;
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j <= i; j++) {
                    double s = 0;
                    for (int a = 0; a < dk; a++) s += qh[i * dk + a] * kh[j * dk + a];
                    ph[pr + j] = s;
                    if (s > max) max = s;
                }
                if (tau == 0) {
                    int ties = 0;
                    for (int j = 0; j <= i; j++) if (ph[pr + j] == max) ties++;
                    for (int j = 0; j <= i; j++) ph[pr + j] = ph[pr + j] == max ? 1.0 / ties : 0;
                } else {
                    double sum = 0;
                    for (int j = 0; j <= i; j++) {
                        double w = Math.exp((ph[pr + j] - max) / tau);
                        ph[pr + j] = w;
                        sum += w;
                    }
                    for (int j = 0; j <= i; j++) ph[pr + j] /= sum;
                }
                for (int b = 0; b < dv; b++) {
                    double s = 0;
                    for (int j = 0; j <= i; j++) s += ph[pr + j] * vh[j * dv + b];
                    hv[i * dv + b] = s;
                }
                if (wo) {
                    for (int c = 0; c < out; c++) {
                        double s = 0;
                        for (int b = 0; b < dv; b++) s += hv[i * dv + b] * th[oo + (hh * dv + b) * out + c];
                        o[i * out + c] += s;
                    }
                } else {
                    for (int c = 0; c < out; c++) o[i * out + c] += hv[i * dv + c];
                }
            }
        }
        // Loss and its gradient with respect to the outputs.
        double loss = 0;
        if (copy) {
            for (int i = 0; i < t; i++) {
                double r = o[i] - ex.y()[i];
                loss += Math.abs(r);
                dO[i] = Math.signum(r);
            }
        } else {
            int n = ex.predicted();
            for (int i = 0; i < t; i++) {
                int tg = ex.target()[i];
                if (tg < 0) {
                    for (int c = 0; c < out; c++) dO[i * out + c] = 0;
                    continue;
                }
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < out; c++) max = Math.max(max, o[i * out + c]);
                double sum = 0;
                for (int c = 0; c < out; c++) sum += Math.exp(o[i * out + c] - max);
                double lse = max + Math.log(sum);
                loss += (lse - o[i * out + tg]) / n;
                for (int c = 0; c < out; c++) dO[i * out + c] = (Math.exp(o[i * out + c] - lse) - (c == tg ? 1 : 0)) / n;
            }
        }
        if (g != null) backward(th, g, scale, t);
        return loss;
    }

    private void project(double[] th, int off, int width, double[] dst, int t) {
        for (int i = 0; i < t; i++) {
            for (int a = 0; a < width; a++) {
                double s = 0;
                for (int c = 0; c < d; c++) s += z[i * d + c] * th[off + c * width + a];
                dst[i * width + a] = s;
            }
        }
    }

    private void backward(double[] th, double[] g, double scale, int t) {
        for (int i = 0; i < t * out; i++) dO[i] *= scale;
        for (int hh = 0; hh < heads; hh++) {
            double[] qh = q[hh], kh = k[hh], vh = v[hh], ph = p[hh], hv = h[hh], dh = dH[hh], dq = dQ[hh], dkk = dK[hh], dvv = dV[hh];
            for (int i = 0; i < t; i++) {
                for (int b = 0; b < dv; b++) {
                    if (wo) {
                        int row = oo + (hh * dv + b) * out;
                        double s = 0;
                        for (int c = 0; c < out; c++) {
                            double dOc = dO[i * out + c];
                            g[row + c] += hv[i * dv + b] * dOc;
                            s += dOc * th[row + c];
                        }
                        dh[i * dv + b] = s;
                    } else {
                        dh[i * dv + b] = dO[i * out + b];
                    }
                }
            }
            java.util.Arrays.fill(dvv, 0, t * dv, 0);
            java.util.Arrays.fill(dq, 0, t * dk, 0);
            java.util.Arrays.fill(dkk, 0, t * dk, 0);
            for (int i = 0; i < t; i++) {
                int pr = i * tMax;
                double dot = 0;
                for (int j = 0; j <= i; j++) {
                    double pij = ph[pr + j], dp = 0;
                    for (int b = 0; b < dv; b++) {
                        dvv[j * dv + b] += pij * dh[i * dv + b];
                        dp += dh[i * dv + b] * vh[j * dv + b];
                    }
                    dot += pij * dp;
                }
                if (tau == 0) continue; // argmax: P is locally constant in the scores, so dS = 0 exactly
                for (int j = 0; j <= i; j++) {
                    double dp = 0;
                    for (int b = 0; b < dv; b++) dp += dh[i * dv + b] * vh[j * dv + b];
                    double ds = ph[pr + j] * (dp - dot) / tau;
                    for (int a = 0; a < dk; a++) {
                        dq[i * dk + a] += ds * kh[j * dk + a];
                        dkk[j * dk + a] += ds * qh[i * dk + a];
                    }
                }
            }
            accumulate(g, oq[hh], dk, dq, t);
            accumulate(g, ok[hh], dk, dkk, t);
            accumulate(g, ov[hh], dv, dvv, t);
            if (learned) {
                for (int i = 0; i < t; i++) {
                    for (int c = 0; c < pd; c++) {
                        double s = 0;
                        for (int a = 0; a < dk; a++) s += dq[i * dk + a] * th[oq[hh] + c * dk + a] + dkk[i * dk + a] * th[ok[hh] + c * dk + a];
                        for (int b = 0; b < dv; b++) s += dvv[i * dv + b] * th[ov[hh] + c * dv + b];
                        g[op + i * pd + c] += s;
                    }
                }
            }
        }
    }

    /** g[W] += Zᵀ dY for the block W at {@code off} of the given width. */
    private void accumulate(double[] g, int off, int width, double[] dy, int t) {
        for (int i = 0; i < t; i++) {
            for (int c = 0; c < d; c++) {
                double zc = z[i * d + c];
                if (zc == 0) continue;
                for (int a = 0; a < width; a++) g[off + c * width + a] += zc * dy[i * width + a];
            }
        }
    }

    public TrainingSpec spec() { return spec; }
}
