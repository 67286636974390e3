package glassbox.core.conv;

import glassbox.core.Backend;

/**
 * Everything the conv lab shows for one set of parameters.
 *
 * @param weights    W flat, row-major over (c_o, c_i, k_h, k_w)
 * @param image      the random input as a tensor (i, j, c)
 * @param x          the input flattened in the chosen order
 * @param y          A·x by sparse multiplication, in the output order; when sampled, only the checked rows'
 *                   values, in the order of checkedRows (see {@link #ax})
 * @param yDirect    direct convolution, in the output order: every entry of the first directChannels
 *                   channels and of the checked rows; NaN elsewhere (the window's sampled mode)
 * @param checkedRows rows of A·x computed and compared, or null when all were
 * @param directChannels output channels whose direct convolution is complete (c_o unless sampled)
 * @param maxDiff    largest |(A·x)_r − y_direct_r| over the checked rows
 */
public record ConvResult(ConvSpec spec, double[] weights, double[] image, double[] x, double[] y, double[] yDirect,
                         int[] checkedRows, int directChannels, double maxDiff, Pattern pattern, Backend backend,
                         double directMs, double sparseMs) {

    public boolean sampled() {
        return checkedRows != null;
    }

    /** (A·x) at a row, or NaN when the row was not among the sampled ones. */
    public double ax(int row) {
        if (checkedRows == null) return y[row];
        int k = java.util.Arrays.binarySearch(checkedRows, row);
        return k >= 0 ? y[k] : Double.NaN;
    }
}
