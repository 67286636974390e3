package glassbox.core.training;

import java.util.ArrayList;
import java.util.List;

/** Where each parameter matrix lives in the flat parameter vector θ (row-major blocks, in order). */
public final class Layout {
    public record Block(String name, int rows, int cols, int offset) {
        public int size() { return rows * cols; }
    }

    private final List<Block> blocks = new ArrayList<>();
    private int size;

    int add(String name, int rows, int cols) {
        int off = size;
        blocks.add(new Block(name, rows, cols, off));
        size += rows * cols;
        return off;
    }

    public List<Block> blocks() { return List.copyOf(blocks); }

    public int size() { return size; }

    public Block block(String name) {
        for (Block b : blocks) if (b.name().equals(name)) return b;
        throw new IllegalArgumentException("no parameter " + name);
    }

    /** Block {@code b} of θ as a matrix. */
    public static double[][] matrix(double[] theta, Block b) {
        double[][] m = new double[b.rows()][b.cols()];
        for (int i = 0; i < b.rows(); i++) System.arraycopy(theta, b.offset() + i * b.cols(), m[i], 0, b.cols());
        return m;
    }

    /** The Euclidean norm of each block of {@code v}, written to {@code out}. */
    public void norms(double[] v, double[] out) {
        for (int k = 0; k < blocks.size(); k++) {
            Block b = blocks.get(k);
            double s = 0;
            for (int i = b.offset(); i < b.offset() + b.size(); i++) s += v[i] * v[i];
            out[k] = Math.sqrt(s);
        }
    }
}
