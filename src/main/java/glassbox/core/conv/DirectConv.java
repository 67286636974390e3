package glassbox.core.conv;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

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
        int ho = s.hOut(), wo = s.wOut();
        double[] y = new double[ho * wo * s.co()];
        for (int u = 0; u < ho; u++) {
            for (int v = 0; v < wo; v++) {
                for (int o = 0; o < s.co(); o++) {
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
                    y[(u * wo + v) * s.co() + o] = sum;
                }
            }
        }
        return y;
    }

    /**
     * ND4J: im2col (patches as rows, (a, b, c) as columns) times the weights as a (k_h·k_w·c_i) x c_o
     * matrix, one GEMM — how frameworks compute it, and where the backend pays.
     */
    public static double[] nd4j(ConvSpec s, double[] weights, double[] image) {
        int ho = s.hOut(), wo = s.wOut(), k = s.kh() * s.kw() * s.ci();
        double[] cols = new double[ho * wo * k];
        for (int u = 0; u < ho; u++) {
            for (int v = 0; v < wo; v++) {
                int base = (u * wo + v) * k;
                for (int a = 0; a < s.kh(); a++) {
                    int i = u * s.sh() + a - s.ph();
                    if (i < 0 || i >= s.h()) continue;
                    for (int b = 0; b < s.kw(); b++) {
                        int j = v * s.sw() + b - s.pw();
                        if (j < 0 || j >= s.w()) continue;
                        System.arraycopy(image, (i * s.w() + j) * s.ci(), cols, base + (a * s.kw() + b) * s.ci(), s.ci());
                    }
                }
            }
        }
        double[] wm = new double[k * s.co()];
        for (int o = 0; o < s.co(); o++)
            for (int c = 0; c < s.ci(); c++)
                for (int a = 0; a < s.kh(); a++)
                    for (int b = 0; b < s.kw(); b++)
                        wm[((a * s.kw() + b) * s.ci() + c) * s.co() + o] = weights[s.weightIndex(o, c, a, b)];
        INDArray patches = Nd4j.create(cols, new long[]{(long) ho * wo, k}, DataType.DOUBLE);
        INDArray wmat = Nd4j.create(wm, new long[]{k, s.co()}, DataType.DOUBLE);
        INDArray out = patches.mmul(wmat);
        return out.ravel().toDoubleVector();
    }

    /** Reorders a (u, v, o) tensor into the spec's output order. */
    public static double[] toOutputOrder(ConvSpec s, double[] yTensor) {
        if (s.order() == ConvSpec.Order.HWC) return yTensor;
        int ho = s.hOut(), wo = s.wOut();
        double[] y = new double[yTensor.length];
        for (int u = 0; u < ho; u++)
            for (int v = 0; v < wo; v++)
                for (int o = 0; o < s.co(); o++)
                    y[s.outIndex(u, v, o)] = yTensor[(u * wo + v) * s.co() + o];
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
