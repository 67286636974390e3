package glassbox.core.decoding;

/**
 * An independent forward pass for the decoding tests, written differently from {@link Model}: whole matrices as
 * double[][] (W[k][j] rebuilt from the flat arrays), products with the sum over k innermost, per-head score
 * matrices with a causal −∞ mask, softmax by explicit exponentials, GELU from its formula, sinusoidal positions from exp/log. Logits at every position.
 */
final class ReferenceDecoder {
    private ReferenceDecoder() {}

    static double[][] logits(Model m, int[] tokens) {
        DecodingSpec.ModelSpec s = m.spec();
        int n = tokens.length, d = s.dModel(), heads = s.heads(), dh = d / heads, ff = 4 * d, vocab = s.vocabSize();
        double[] e = m.embedding();
        double[][] x = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < d; c += 2) {
                double freq = Math.exp(-Math.log(10000) * c / d); // 1/10000^(2j/d) for the pair (2j, 2j+1)
                x[i][c] = e[tokens[i] * d + c] + Math.sin(i * freq);
                if (c + 1 < d) x[i][c + 1] = e[tokens[i] * d + c + 1] + Math.cos(i * freq);
            }
        }
        for (int l = 0; l < s.layers(); l++) {
            double[][] q = mul(x, m.wq(l), d, d), k = mul(x, m.wk(l), d, d), v = mul(x, m.wv(l), d, d);
            double[][] z = new double[n][d];
            for (int h = 0; h < heads; h++) {
                double[][] score = new double[n][n];
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        if (j > i) { score[i][j] = Double.NEGATIVE_INFINITY; continue; }
                        double dot = 0;
                        for (int c = h * dh; c < (h + 1) * dh; c++) dot += q[i][c] * k[j][c];
                        score[i][j] = dot / Math.sqrt(dh);
                    }
                    double max = Double.NEGATIVE_INFINITY;
                    for (double a : score[i]) max = Math.max(max, a);
                    double sum = 0;
                    double[] w = new double[n];
                    for (int j = 0; j < n; j++) { w[j] = Math.exp(score[i][j] - max); sum += w[j]; }
                    for (int c = h * dh; c < (h + 1) * dh; c++) {
                        double acc = 0;
                        for (int j = 0; j < n; j++) acc += w[j] / sum * v[j][c];
                        z[i][c] = acc;
                    }
                }
            }
            double[][] o = mul(z, m.wo(l), d, d);
            for (int i = 0; i < n; i++) for (int c = 0; c < d; c++) x[i][c] += o[i][c];
            if (s.mlp()) {
                double[][] u = mul(x, m.w1(l), d, ff);
                for (double[] row : u) for (int c = 0; c < ff; c++) {
                    double a = row[c];
                    row[c] = a * 0.5 * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (a + 0.044715 * Math.pow(a, 3))));
                }
                double[][] mm = mul(u, m.w2(l), ff, d);
                for (int i = 0; i < n; i++) for (int c = 0; c < d; c++) x[i][c] += mm[i][c];
            }
        }
        return mul(x, m.wout(), d, vocab);
    }

    /** X (n × in) times W given flat row-major (in × out), the sum over k innermost. */
    private static double[][] mul(double[][] x, double[] flat, int in, int out) {
        double[][] w = new double[in][out];
        for (int k = 0; k < in; k++) for (int j = 0; j < out; j++) w[k][j] = flat[k * out + j];
        double[][] y = new double[x.length][out];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < out; j++) {
                double acc = 0;
                for (int k = 0; k < in; k++) acc += x[i][k] * w[k][j];
                y[i][j] = acc;
            }
        }
        return y;
    }
}
