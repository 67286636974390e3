package glassbox.core;

import java.util.ArrayList;
import java.util.List;

/**
 * Matrix literals as docs/LABS.md writes them: rows separated by ';', entries by ','
 * ("0.7,0.1;0.2,0.6" is 2x2, "1;0" a column, "1,0" a row).
 */
public final class MatrixLiteral {
    private MatrixLiteral() {}

    public static double[][] parse(String key, String text) {
        if (text == null || text.isBlank()) {
            throw new ParamException(key, "\"\"", "expected a matrix literal such as 1,2;3,4");
        }
        String[] rows = text.trim().split(";", -1);
        List<double[]> out = new ArrayList<>();
        int cols = -1;
        for (int r = 0; r < rows.length; r++) {
            String row = rows[r].trim();
            if (row.isEmpty()) {
                throw new ParamException(key, text, "row " + (r + 1) + " is empty; rows are separated by ';' and entries by ','");
            }
            String[] cells = row.split(",", -1);
            if (cols >= 0 && cells.length != cols) {
                throw new ParamException(key, text, "row " + (r + 1) + " has " + cells.length + " entries but row 1 has " + cols + " (every row needs the same length)");
            }
            cols = cells.length;
            double[] vals = new double[cells.length];
            for (int c = 0; c < cells.length; c++) {
                String cell = cells[c].trim();
                try {
                    vals[c] = Double.parseDouble(cell);
                } catch (NumberFormatException e) {
                    throw new ParamException(key, text, "entry (" + (r + 1) + "," + (c + 1) + ") \"" + cell + "\" is not a number");
                }
                if (!Double.isFinite(vals[c])) {
                    throw new ParamException(key, text, "entry (" + (r + 1) + "," + (c + 1) + ") is not finite; only finite numbers are allowed");
                }
            }
            out.add(vals);
        }
        return out.toArray(new double[0][]);
    }

    public static String format(double[][] m) {
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < m.length; r++) {
            if (r > 0) sb.append(';');
            for (int c = 0; c < m[r].length; c++) {
                if (c > 0) sb.append(',');
                sb.append(Fmt.num(m[r][c]));
            }
        }
        return sb.toString();
    }

    /** A vector given either as a row or as a column. */
    public static double[] vector(String key, double[][] m) {
        if (m.length == 1) return m[0].clone();
        double[] v = new double[m.length];
        for (int i = 0; i < m.length; i++) {
            if (m[i].length != 1) {
                throw new ParamException(key, format(m), "expected a vector (one row or one column), got " + m.length + "x" + m[0].length);
            }
            v[i] = m[i][0];
        }
        return v;
    }
}
