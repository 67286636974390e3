package glassbox.core.decoding;

import glassbox.core.attention.PositionalEncoding;
import glassbox.core.attention.Softmax;

import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * docs/LABS.md §8: a decoder-only transformer with seeded weights. x₀ = E[token] + PE[position] (sinusoidal); each
 * layer x ← x + W_O·concat_h softmax(q_h K_hᵀ / √d_h) V_h (causal), then, with an MLP, x ← x + W₂ GELU(W₁ x);
 * logits = W_out x. No layer norm. Matrices are stored row-major as (in × out), y_j = Σ_k x_k W[k][j], the sum
 * taken in k order. The same row routines serve the cached step and the uncached full pass, so the two give
 * bitwise the same numbers.
 */
public final class Model {
    final DecodingSpec.ModelSpec spec;
    final int d, heads, dh, layers, ff, vocab;
    final double[] emb;          // V × d
    final double[][] pe;         // context × d
    final double[][] wq, wk, wv, wo, w1, w2; // [layer] (in × out)
    final double[] wout;         // d × V

    /** Where an attention row goes (l, h, weights over positions 0..t); null: not kept. */
    public interface AttentionSink {
        void row(int layer, int head, double[] weights);
    }

    public Model(DecodingSpec.ModelSpec spec) {
        this.spec = spec;
        d = spec.dModel();
        heads = spec.heads();
        dh = spec.headDim();
        layers = spec.layers();
        ff = spec.ff();
        vocab = spec.vocabSize();
        SplittableRandom rng = new SplittableRandom(spec.seed());
        emb = gaussian(rng, vocab * d, 1);
        pe = PositionalEncoding.sinusoidal(spec.context(), d);
        wq = new double[layers][];
        wk = new double[layers][];
        wv = new double[layers][];
        wo = new double[layers][];
        w1 = new double[layers][];
        w2 = new double[layers][];
        double sd = 1 / Math.sqrt(d);
        for (int l = 0; l < layers; l++) {
            wq[l] = gaussian(rng, d * d, sd);
            wk[l] = gaussian(rng, d * d, sd);
            wv[l] = gaussian(rng, d * d, sd);
            wo[l] = gaussian(rng, d * d, sd);
            // Drawn also without an MLP, so that turning it on or off keeps the attention weights.
            w1[l] = gaussian(rng, d * ff, sd);
            w2[l] = gaussian(rng, ff * d, 1 / Math.sqrt(ff));
        }
        wout = gaussian(rng, d * vocab, spec.logitScale() * sd);
    }

    private static double[] gaussian(SplittableRandom rng, int n, double sd) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = sd * rng.nextGaussian();
        return a;
    }

    public DecodingSpec.ModelSpec spec() { return spec; }

    /** The key–value cache: per layer, K and V rows of the positions seen so far. */
    public final class Cache {
        final double[][] k = new double[layers][], v = new double[layers][];
        int length;

        Cache(int capacity) {
            for (int l = 0; l < layers; l++) {
                k[l] = new double[capacity * d];
                v[l] = new double[capacity * d];
            }
        }

        public int length() { return length; }

        /** Values held: 2 · layers · t · d. */
        public long values() { return 2L * layers * length * d; }
    }

    public Cache newCache() { return new Cache(spec.context()); }

    /**
     * One decoding step with the cache: the token at position {@code cache.length()} goes through every layer,
     * its K and V rows are appended, and its logits are returned. {@code macs[0]} counts the multiply-adds done.
     */
    public double[] step(Cache cache, int token, long[] macs, AttentionSink sink) {
        int t = cache.length;
        double[] x = embed(token, t);
        double[] q = new double[d];
        for (int l = 0; l < layers; l++) {
            project(l, x, q, cache.k[l], cache.v[l], t, macs);
            attendAndMix(l, x, q, cache.k[l], cache.v[l], t, macs, sink);
        }
        cache.length = t + 1;
        return logits(x, macs);
    }

    /**
     * The uncached (teacher-forced) pass: every position of {@code tokens} through every layer, layer by layer,
     * all positions of a layer independent of each other (the projections and MLP in parallel when
     * {@code parallel}); returns the logits at every position. Critical path: {@code layers} layer passes, not
     * T steps. {@code macs[0]} counts the multiply-adds.
     */
    public double[][] forwardAll(int[] tokens, long[] macs, boolean parallel) {
        int n = tokens.length;
        double[][] x = new double[n][];
        for (int i = 0; i < n; i++) x[i] = embed(tokens[i], i);
        double[][] q = new double[n][d];
        double[] kk = new double[n * d], vv = new double[n * d];
        long[][] local = new long[n][1];
        for (int l = 0; l < layers; l++) {
            final int layer = l;
            rows(n, parallel, i -> project(layer, x[i], q[i], kk, vv, i, local[i]));
            rows(n, parallel, i -> attendAndMix(layer, x[i], q[i], kk, vv, i, local[i], null));
        }
        double[][] out = new double[n][];
        rows(n, parallel, i -> out[i] = logits(x[i], local[i]));
        for (long[] c : local) macs[0] += c[0];
        return out;
    }

    private static void rows(int n, boolean parallel, java.util.function.IntConsumer body) {
        if (parallel) IntStream.range(0, n).parallel().forEach(body);
        else for (int i = 0; i < n; i++) body.accept(i);
    }

    private double[] embed(int token, int t) {
        double[] x = new double[d];
        for (int c = 0; c < d; c++) x[c] = emb[token * d + c] + pe[t][c];
        return x;
    }

    /** q = x W_Q into {@code q}; K and V rows of position t into the caches. 3d² multiply-adds. */
    private void project(int l, double[] x, double[] q, double[] kc, double[] vc, int t, long[] macs) {
        matvec(x, wq[l], d, d, q, 0);
        double[] k = new double[d], v = new double[d];
        matvec(x, wk[l], d, d, k, 0);
        matvec(x, wv[l], d, d, v, 0);
        System.arraycopy(k, 0, kc, t * d, d);
        System.arraycopy(v, 0, vc, t * d, d);
        macs[0] += 3L * d * d;
    }

    /**
     * Causal attention of position t over 0..t (2(t+1)d multiply-adds over all heads), W_O (d²) and the residual,
     * then the MLP (8d²) and its residual, all in place on x.
     */
    private void attendAndMix(int l, double[] x, double[] q, double[] kc, double[] vc, int t, long[] macs, AttentionSink sink) {
        double[] z = new double[d];
        double[] s = new double[t + 1], a = new double[t + 1];
        double tau = Math.sqrt(dh);
        for (int h = 0; h < heads; h++) {
            int off = h * dh;
            for (int j = 0; j <= t; j++) {
                double acc = 0;
                for (int c = 0; c < dh; c++) acc += q[off + c] * kc[j * d + off + c];
                s[j] = acc;
            }
            Softmax.row(s, null, tau, a);
            for (int j = 0; j <= t; j++) {
                double w = a[j];
                for (int c = 0; c < dh; c++) z[off + c] += w * vc[j * d + off + c];
            }
            if (sink != null) sink.row(l, h, a.clone());
        }
        macs[0] += 2L * (t + 1) * d;
        double[] o = new double[d];
        matvec(z, wo[l], d, d, o, 0);
        for (int c = 0; c < d; c++) x[c] += o[c];
        macs[0] += (long) d * d;
        if (spec.mlp()) {
            double[] u = new double[ff];
            matvec(x, w1[l], d, ff, u, 0);
            for (int c = 0; c < ff; c++) u[c] = gelu(u[c]);
            double[] m = new double[d];
            matvec(u, w2[l], ff, d, m, 0);
            for (int c = 0; c < d; c++) x[c] += m[c];
            macs[0] += 2L * d * ff;
        }
    }

    private double[] logits(double[] x, long[] macs) {
        double[] y = new double[vocab];
        matvec(x, wout, d, vocab, y, 0);
        macs[0] += (long) d * vocab;
        return y;
    }

    /** y_j = Σ_k x_k W[k·out + j], summed in k order (y is overwritten). */
    static void matvec(double[] x, double[] w, int in, int out, double[] y, int yOff) {
        java.util.Arrays.fill(y, yOff, yOff + out, 0.0);
        for (int k = 0; k < in; k++) {
            double xk = x[k];
            int row = k * out;
            for (int j = 0; j < out; j++) y[yOff + j] += xk * w[row + j];
        }
    }

    /** GELU, tanh form: ½x(1 + tanh(√(2/π)(x + 0.044715x³))). */
    static double gelu(double x) {
        return 0.5 * x * (1 + Math.tanh(0.7978845608028654 * (x + 0.044715 * x * x * x)));
    }

    // Read access for the reference test and the JSON export (copies: the arrays are never written after construction).
    public double[] embedding() { return emb.clone(); }
    public double[][] positions() { return pe; }
    public double[] wq(int l) { return wq[l].clone(); }
    public double[] wk(int l) { return wk[l].clone(); }
    public double[] wv(int l) { return wv[l].clone(); }
    public double[] wo(int l) { return wo[l].clone(); }
    public double[] w1(int l) { return w1[l].clone(); }
    public double[] w2(int l) { return w2[l].clone(); }
    public double[] wout() { return wout.clone(); }
}
