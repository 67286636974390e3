package glassbox.core;

import java.util.Arrays;

/**
 * A matrix as a value: equal when its entries are equal, so a typed spec holding matrices can key a
 * {@link Memo}. The array is copied in and never written afterwards; {@link #rows()} hands out that
 * array for reading (callers must not write into it), {@link #copy()} a fresh one for writing.
 */
public final class Matrix {
    private final double[][] rows;
    private final int hash;

    private Matrix(double[][] rows) {
        this.rows = rows;
        this.hash = Arrays.deepHashCode(rows);
    }

    /** A copy of {@code m} as a value; null stays null (an optional matrix left blank). */
    public static Matrix of(double[][] m) {
        if (m == null) return null;
        double[][] c = new double[m.length][];
        for (int r = 0; r < m.length; r++) c[r] = m[r].clone();
        return new Matrix(c);
    }

    /** The entries, for reading only. */
    public double[][] rows() { return rows; }

    public double[][] copy() {
        double[][] c = new double[rows.length][];
        for (int r = 0; r < rows.length; r++) c[r] = rows[r].clone();
        return c;
    }

    public int rowCount() { return rows.length; }

    public int colCount() { return rows.length == 0 ? 0 : rows[0].length; }

    /** The entries of {@code m}, or null for a null (blank) matrix. */
    public static double[][] rowsOf(Matrix m) {
        return m == null ? null : m.rows;
    }

    @Override public boolean equals(Object o) {
        return o instanceof Matrix m && m.hash == hash && Arrays.deepEquals(m.rows, rows);
    }

    @Override public int hashCode() { return hash; }

    @Override public String toString() { return MatrixLiteral.format(rows); }
}
