package glassbox.core.ssm;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv1DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The four multi-channel methods of {@link MultiChannel} on ND4J (CPU or CUDA, whichever is loaded), as a framework
 * runs them (the course's notebook): the recurrences step by step with one ND4J product per step; the dense kernel
 * W^l by ND4J matrix products, then one conv1d over the H input channels; the diagonal kernel w^l per channel, then a
 * depthwise convolution. In float32, as frameworks compute (half the memory of im2col's T × T columns, about twice as
 * fast): the check against the plain-Java methods is then at float rounding, about 1e-6 relative.
 *
 * <p>Causal convolution as frameworks' cross-correlation: the input is padded with T − 1 zeros on the left and the
 * kernel flipped, so out_k = Σ_{a} w[a] z[k + a − (T − 1)] = Σ_l W^l z_{k−l} with w[a] = W^{T−1−a}.
 */
final class MultiChannelNd4j {
    private MultiChannelNd4j() {}

    private static INDArray matrix(double[][] m) {
        return Nd4j.create(m).castTo(DataType.FLOAT);
    }

    /** [channel][time] of z = x + b. */
    private static double[][] inputs(MultiChannel.Problem p) {
        int t = p.x().length, h = p.b().length;
        double[][] z = new double[h][t];
        for (int k = 0; k < t; k++) for (int j = 0; j < h; j++) z[j][k] = p.x()[k][j] + p.b()[j];
        return z;
    }

    /** [time][channel] from an [H, T] array. */
    private static double[][] byTime(INDArray ht) {
        double[][] hT = ht.toDoubleMatrix();
        int h = hT.length, t = hT[0].length;
        double[][] out = new double[t][h];
        for (int i = 0; i < h; i++) for (int k = 0; k < t; k++) out[k][i] = hT[i][k];
        return out;
    }

    static double[][] recurrentDense(MultiChannel.Problem p) {
        INDArray w = matrix(p.w());
        return recur(p, st -> w.mmul(st));
    }

    static double[][] recurrentDiagonal(MultiChannel.Problem p) {
        INDArray w = Nd4j.create(p.wDiag()).castTo(DataType.FLOAT).reshape(p.b().length, 1);
        return recur(p, st -> st.mul(w));
    }

    /** h ← step(h) + z_t, one ND4J step at a time, h_1 … h_T kept as the columns of an [H, T] array. */
    private static double[][] recur(MultiChannel.Problem p, java.util.function.UnaryOperator<INDArray> step) {
        int t = p.x().length, h = p.b().length;
        INDArray z = matrix(inputs(p));
        INDArray out = Nd4j.zeros(DataType.FLOAT, h, t);
        INDArray st = Nd4j.zeros(DataType.FLOAT, h, 1);
        for (int k = 0; k < t; k++) {
            st = step.apply(st).addi(z.getColumn(k).reshape(h, 1));
            out.putColumn(k, st);
        }
        return byTime(out);
    }

    /** The inputs as [1, H, 2T − 1], T − 1 zeros first (causal padding). */
    private static INDArray padded(MultiChannel.Problem p, long... shape) {
        int t = p.x().length, h = p.b().length;
        double[][] z = inputs(p);
        double[] flat = new double[h * (2 * t - 1)];
        for (int j = 0; j < h; j++) System.arraycopy(z[j], 0, flat, j * (2 * t - 1) + t - 1, t);
        return Nd4j.create(flat, shape, 'c').castTo(DataType.FLOAT);
    }

    static double[][] kernelDense(MultiChannel.Problem p) {
        int t = p.x().length, h = p.b().length;
        INDArray w = matrix(p.w());
        // Weights [k_W, c_in, c_out]: weights[a][j][i] = (W^{T−1−a})_{ij}, the powers by ND4J products.
        INDArray weights = Nd4j.zeros(DataType.FLOAT, t, h, h);
        INDArray pw = Nd4j.eye(h).castTo(DataType.FLOAT);
        for (int l = 0; l < t; l++) {
            weights.putSlice(t - 1 - l, pw.transpose());
            pw = w.mmul(pw);
        }
        INDArray in = padded(p, 1, h, 2L * t - 1);
        Conv1DConfig cfg = Conv1DConfig.builder().k(t).s(1).p(0).d(1).dataFormat(Conv1DConfig.NCW).paddingMode(PaddingMode.VALID).build();
        INDArray y = Nd4j.cnn().conv1d(in, weights, cfg); // [1, H, T]
        return byTime(y.reshape(h, t));
    }

    static double[][] kernelDiagonal(MultiChannel.Problem p) {
        int t = p.x().length, h = p.b().length;
        if (h == 1 || t == 1) return kernelDiagonalByConv1d(p); // libnd4j's depthwise op refuses these degenerate shapes
        // Depthwise weights [k_H, k_W, c_in, multiplier] = [1, T, H, 1]: per channel i, w[0][a][i][0] = w_i^{T−1−a}.
        double[] k = new double[t * h];
        for (int i = 0; i < h; i++) {
            double pw = 1;
            for (int l = 0; l < t; l++) {
                k[(t - 1 - l) * h + i] = pw;
                pw *= p.wDiag()[i];
            }
        }
        INDArray weights = Nd4j.create(k, new long[]{1, t, h, 1}, 'c').castTo(DataType.FLOAT);
        INDArray in = padded(p, 1, h, 1, 2L * t - 1);
        Conv2DConfig cfg = Conv2DConfig.builder().kH(1).kW(t).sH(1).sW(1).pH(0).pW(0).dH(1).dW(1)
                .paddingMode(PaddingMode.VALID).dataFormat("NCHW").build();
        INDArray y = Nd4j.cnn().depthWiseConv2d(in, weights, null, cfg); // [1, H, 1, T]
        return byTime(y.reshape(h, t));
    }

    /** The depthwise convolution as a conv1d whose weights are diagonal in the channels (one channel or one tap). */
    private static double[][] kernelDiagonalByConv1d(MultiChannel.Problem p) {
        int t = p.x().length, h = p.b().length;
        INDArray weights = Nd4j.zeros(DataType.FLOAT, t, h, h);
        for (int i = 0; i < h; i++) {
            double pw = 1;
            for (int l = 0; l < t; l++) {
                weights.putScalar(new long[]{t - 1 - l, i, i}, pw);
                pw *= p.wDiag()[i];
            }
        }
        Conv1DConfig cfg = Conv1DConfig.builder().k(t).s(1).p(0).d(1).dataFormat(Conv1DConfig.NCW).paddingMode(PaddingMode.VALID).build();
        return byTime(Nd4j.cnn().conv1d(padded(p, 1, h, 2L * t - 1), weights, cfg).reshape(h, t));
    }
}
