package glassbox.core.conv;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;

/**
 * Direct convolution on the image as a tensor X[i][j][c] with W[o][c][a][b], written without the
 * matrix A: the independent computation that A·x is checked against.
 */
public final class DirectConv {
    private DirectConv() {}

    /**
     * Plain Java: Y[u][v][o] = Σ_{c,a,b} W[o,c,a,b] · X[u·s_h + a − p_h][v·s_w + b − p_w][c] (zero outside).
     * {@code image} is in HWC tensor order; the result is in HWC tensor order (u, v, o).
     */
    public static double[] plain(ConvSpec s, double[] weights, double[] image) {
        return plain(s, weights, image, s.co());
    }

    /** As above for the first {@code channels} output channels only: the (u, v, o &lt; channels) tensor. */
    public static double[] plain(ConvSpec s, double[] weights, double[] image, int channels) {
        int ho = s.hOut(), wo = s.wOut();
        double[] y = new double[ho * wo * channels];
        for (int u = 0; u < ho; u++) {
            for (int v = 0; v < wo; v++) {
                for (int o = 0; o < channels; o++) y[(u * wo + v) * channels + o] = at(s, weights, image, u, v, o);
            }
        }
        return y;
    }

    /** One output Y[u][v][o] by the direct formula, in double. */
    public static double at(ConvSpec s, double[] weights, double[] image, int u, int v, int o) {
        double sum = 0;
        for (int c = 0; c < s.ci(); c++) {
            for (int a = 0; a < s.kh(); a++) {
                int i = u * s.sh() + a - s.ph();
                if (i < 0 || i >= s.h()) continue;
                int wbase = ((o * s.ci() + c) * s.kh() + a) * s.kw();
                for (int b = 0; b < s.kw(); b++) {
                    int j = v * s.sw() + b - s.pw();
                    if (j < 0 || j >= s.w()) continue;
                    sum += weights[wbase + b] * image[(i * s.w() + j) * s.ci() + c];
                }
            }
        }
        return sum;
    }

    /**
     * ND4J: libnd4j's conv2d (im2col + GEMM in native code) on the image as an NHWC tensor with
     * weights as [k_h, k_w, c_i, c_o]; the result is the (u, v, o) tensor. In float32, as frameworks
     * compute convolutions (twice as fast as double here): it agrees with the double-precision
     * A·x to about 1e-6, which the lab shows.
     */
    public static double[] nd4j(ConvSpec s, double[] weights, double[] image) {
        return nd4j(s, weights, image, s.co());
    }

    /** As above for the first {@code channels} output channels only: the (u, v, o &lt; channels) tensor. */
    public static double[] nd4j(ConvSpec s, double[] weights, double[] image, int channels) {
        float[] wy = new float[s.kh() * s.kw() * s.ci() * channels];
        for (int o = 0; o < channels; o++)
            for (int c = 0; c < s.ci(); c++)
                for (int a = 0; a < s.kh(); a++)
                    for (int b = 0; b < s.kw(); b++)
                        wy[((a * s.kw() + b) * s.ci() + c) * channels + o] = (float) weights[s.weightIndex(o, c, a, b)];
        float[] img = new float[image.length];
        for (int k = 0; k < img.length; k++) img[k] = (float) image[k];
        // One bulk copy into native memory: Nd4j.create(float[], …) puts element by element (~1 ms at 224²·3).
        INDArray in = Nd4j.createUninitialized(org.nd4j.linalg.api.buffer.DataType.FLOAT, new long[]{1, s.h(), s.w(), s.ci()}, 'c');
        in.data().asNioFloat().put(img);
        INDArray w = Nd4j.create(wy, new long[]{s.kh(), s.kw(), s.ci(), channels}, 'c');
        Conv2DConfig cfg = Conv2DConfig.builder().kH(s.kh()).kW(s.kw()).sH(s.sh()).sW(s.sw()).pH(s.ph()).pW(s.pw())
                .dH(1).dW(1).paddingMode(PaddingMode.VALID).dataFormat("NHWC").weightsFormat(WeightsFormat.YXIO).build();
        // The float buffer in bulk, widened here: the element-wise toDoubleVector costs more than the copy.
        float[] out = Nd4j.cnn().conv2d(in, w, null, cfg).ravel().data().asFloat();
        double[] y = new double[out.length];
        for (int k = 0; k < y.length; k++) y[k] = out[k];
        return y;
    }

    /** Reorders a (u, v, o &lt; channels) tensor into the spec's output order; the other channels' entries are NaN. */
    public static double[] toOutputOrder(ConvSpec s, double[] yTensor, int channels) {
        if (s.order() == ConvSpec.Order.HWC && channels == s.co()) return yTensor;
        int ho = s.hOut(), wo = s.wOut();
        double[] y = new double[(int) s.dOut()];
        if (channels < s.co()) java.util.Arrays.fill(y, Double.NaN);
        for (int u = 0; u < ho; u++)
            for (int v = 0; v < wo; v++)
                for (int o = 0; o < channels; o++)
                    y[s.outIndex(u, v, o)] = yTensor[(u * wo + v) * channels + o];
        return y;
    }

    /** Flattens an (i, j, c) image tensor into the spec's input order. */
    public static double[] toInputOrder(ConvSpec s, double[] image) {
        if (s.order() == ConvSpec.Order.HWC) return image;
        double[] x = new double[image.length];
        for (int i = 0; i < s.h(); i++)
            for (int j = 0; j < s.w(); j++)
                for (int c = 0; c < s.ci(); c++)
                    x[s.inIndex(i, j, c)] = image[(i * s.w() + j) * s.ci() + c];
        return x;
    }
}
