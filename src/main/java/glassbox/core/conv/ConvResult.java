package glassbox.core.conv;

import glassbox.core.Backend;

/**
 * Everything the conv lab shows for one set of parameters.
 *
 * @param weights    W flat, row-major over (c_o, c_i, k_h, k_w)
 * @param image      the random input as a tensor (i, j, c)
 * @param x          the input flattened in the chosen order
 * @param y          A·x by sparse multiplication, in the output order (only checkedRows filled when sampled)
 * @param yDirect    direct convolution, in the output order
 * @param checkedRows rows of A·x computed and compared, or null when all were
 * @param maxDiff    largest |(A·x)_r − y_direct_r| over the checked rows
 */
public record ConvResult(ConvSpec spec, double[] weights, double[] image, double[] x, double[] y, double[] yDirect,
                         int[] checkedRows, double maxDiff, Pattern pattern, Backend backend,
                         double directMs, double sparseMs) {

    public boolean sampled() {
        return checkedRows != null;
    }
}
