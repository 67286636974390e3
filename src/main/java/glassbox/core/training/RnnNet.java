package glassbox.core.training;

import java.util.SplittableRandom;

/**
 * docs/LABS.md §9: the course's 1-D RNN on the copy task: z_t = w h_{t−1} + a x_t + b_h, h_t = g(z_t), h_0 = 0,
 * o_t = c h_t + b, loss Σ_t |o_t − y_t|. With float32 the state, z and o are rounded to float32 at every step (the
 * weights and gradients stay double): one float32 cannot carry u₁ and u₂ both, so the loss stays above ½.
 */
public final class RnnNet implements Net {
    private final Layout layout = new Layout();
    private final boolean tanh, f32;
    private final double[] hs = new double[5], zs = new double[5];

    /** @param float32 whether to round the state to float32 (the gradient check uses the double model) */
    public RnnNet(TrainingSpec s, boolean float32) {
        for (String n : new String[]{"w", "a", "b_h", "c", "b"}) layout.add(n, 1, 1);
        tanh = s.rnnActivation().equals("tanh");
        f32 = float32;
    }

    @Override public Layout layout() { return layout; }

    @Override
    public double[] init(TrainingSpec s) {
        SplittableRandom r = new SplittableRandom(Tasks.mix(s.seed(), -2));
        double[] th = new double[5];
        for (int i = 0; i < 5; i++) th[i] = s.initScale() * r.nextGaussian();
        return th;
    }

    private double round(double x) {
        return f32 ? (float) x : x;
    }

    @Override
    public double loss(double[] th, Tasks.Example[] batch, double[] g) {
        double total = 0, scale = 1.0 / batch.length;
        for (Tasks.Example ex : batch) total += example(th, ex, g, scale, null);
        return total * scale;
    }

    /** The outputs o_t and states h_t of one example (rows: o, h). */
    public double[][] view(double[] th, Tasks.Example ex) {
        double[] o = new double[ex.length()];
        example(th, ex, null, 1, o);
        double[] h = new double[ex.length()];
        System.arraycopy(hs, 1, h, 0, ex.length());
        return new double[][]{o, h};
    }

    private double example(double[] th, Tasks.Example ex, double[] g, double scale, double[] outs) {
        double w = round(th[0]), a = round(th[1]), bh = round(th[2]), c = round(th[3]), b = round(th[4]);
        int t = ex.length();
        double loss = 0;
        double[] dO = new double[t];
        hs[0] = 0;
        for (int i = 0; i < t; i++) {
            double zz = round(w * hs[i] + a * round(ex.x()[i]) + bh);
            zs[i] = zz;
            hs[i + 1] = round(tanh ? Math.tanh(zz) : zz);
            double o = round(c * hs[i + 1] + b);
            if (outs != null) outs[i] = o;
            double r = o - ex.y()[i];
            loss += Math.abs(r);
            dO[i] = Math.signum(r) * scale;
        }
        if (g == null) return loss;
        double dh = 0;
        for (int i = t - 1; i >= 0; i--) {
            double hi = hs[i + 1];
            g[3] += dO[i] * hi;
            g[4] += dO[i];
            dh += c * dO[i];
            double dz = dh * (tanh ? 1 - hi * hi : 1);
            g[0] += dz * hs[i];
            g[1] += dz * ex.x()[i];
            g[2] += dz;
            dh = w * dz;
        }
        return loss;
    }
}
