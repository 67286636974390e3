package glassbox.core.purifier;

import glassbox.core.ParamException;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a data set from CSV: one data point per line, one column per dimension (the usual layout
 * of a table), so the lab's X (m×n, points as columns) is the transpose of the file. Blank lines
 * and lines starting with '#' are skipped; a first line made only of text is a header. Every
 * other problem names its line.
 */
public final class Csv {
    /** Largest number of values read (m·n), refused before the data is stored. */
    public static final long MAX_VALUES = 16L * 1024 * 1024;

    private Csv() {}

    public static double[][] readPoints(String key, Path path) {
        if (!Files.isRegularFile(path)) {
            throw new ParamException(key, "\"" + path + "\"", "no such file (expected a CSV file: one data point per line, values separated by ',')");
        }
        try (BufferedReader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            return parse(key, path.getFileName().toString(), in);
        } catch (IOException e) {
            throw new ParamException(key, "\"" + path + "\"", "cannot read the file: " + e.getMessage());
        } catch (java.io.UncheckedIOException e) {
            throw new ParamException(key, "\"" + path + "\"", "cannot read the file (is it UTF-8 text?): " + e.getMessage());
        }
    }

    /** Rows of the file as points (n×m). */
    public static double[][] parse(String key, String name, BufferedReader in) throws IOException {
        List<double[]> rows = new ArrayList<>();
        int cols = -1, firstDataLine = -1;
        boolean sawContent = false;
        String line;
        int no = 0;
        while ((line = in.readLine()) != null) {
            no++;
            String t = line.strip();
            if (no == 1 && t.startsWith("\uFEFF")) t = t.substring(1);
            if (t.isEmpty() || t.startsWith("#")) continue;
            String[] cells = t.split(",", -1);
            if (!sawContent) {
                sawContent = true;
                boolean allText = true;
                for (String c : cells) if (isNumber(c.strip())) { allText = false; break; }
                if (allText) continue; // a header line such as "x1,x2"
            }
            if (cols >= 0 && cells.length != cols) {
                throw new ParamException(key, name + " line " + no, "has " + cells.length + " values but line " + firstDataLine
                        + " has " + cols + " (ragged rows: every point needs the same number of dimensions)");
            }
            double[] v = new double[cells.length];
            for (int c = 0; c < cells.length; c++) {
                String cell = cells[c].strip();
                if (cell.length() >= 2 && cell.startsWith("\"") && cell.endsWith("\"")) cell = cell.substring(1, cell.length() - 1).strip();
                if (!isNumber(cell)) {
                    throw new ParamException(key, name + " line " + no, "column " + (c + 1) + " \"" + cells[c].strip() + "\" is not a number");
                }
                v[c] = Double.parseDouble(cell);
                if (!Double.isFinite(v[c])) {
                    throw new ParamException(key, name + " line " + no, "column " + (c + 1) + " is not finite; only finite numbers are allowed");
                }
            }
            if (cols < 0) { cols = v.length; firstDataLine = no; }
            rows.add(v);
            if ((long) rows.size() * cols > MAX_VALUES) {
                throw new ParamException(key, name, "more than " + MAX_VALUES + " values; the lab reads at most that many");
            }
        }
        if (rows.isEmpty()) throw new ParamException(key, name, "the file holds no data lines");
        return rows.toArray(new double[0][]);
    }

    private static boolean isNumber(String s) {
        if (s.isEmpty()) return false;
        try {
            double d = Double.parseDouble(s);
            // "NaN"/"Infinity" parse but are text to a user; finite check comes after.
            return !Double.isNaN(d) || s.equalsIgnoreCase("nan");
        } catch (NumberFormatException e) {
            return false;
        }
    }

    public static double[][] transpose(double[][] a) {
        double[][] t = new double[a[0].length][a.length];
        for (int r = 0; r < a.length; r++) for (int c = 0; c < a[0].length; c++) t[c][r] = a[r][c];
        return t;
    }
}
