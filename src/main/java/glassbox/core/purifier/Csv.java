package glassbox.core.purifier;

import glassbox.core.ParamException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a data set from CSV: one data point per line, one column per dimension (the usual layout
 * of a table), so the lab's X (m×n, points as columns) is the transpose of the file. Blank lines
 * and lines starting with '#' are skipped; a first line with no number in it is a header (and
 * said to be one). Every other problem names its line.
 */
public final class Csv {
    /** Largest number of values read (m·n), refused before the data is stored. */
    public static final long MAX_VALUES = 16L * 1024 * 1024;

    private Csv() {}

    /** Longest line read: one point's values (the lab has at most a few hundred dimensions). */
    public static final int MAX_LINE_CHARS = 1 << 16;

    /** The points (rows of the file) and the line taken as a header, or null if none was. */
    public record Points(double[][] rows, String header) {}

    public static Points readPoints(String key, Path path) {
        if (!Files.exists(path)) {
            throw new ParamException(key, "\"" + path + "\"", "no such file (expected a CSV file: one data point per line, values separated by ',')");
        }
        if (!Files.isRegularFile(path)) {
            throw new ParamException(key, "\"" + path + "\"", "not a regular file (a folder, device or pipe); expected a CSV file");
        }
        try (java.io.InputStream in = new java.io.BufferedInputStream(Files.newInputStream(path))) {
            return parse(key, path.getFileName().toString(), in);
        } catch (IOException e) {
            throw new ParamException(key, "\"" + path + "\"", "cannot read the file: " + e.getMessage());
        }
    }

    /** Rows of the file as points (n×m), read line by line with the caps checked as each line comes. */
    public static Points parse(String key, String name, java.io.InputStream in) throws IOException {
        List<double[]> rows = new ArrayList<>();
        int cols = -1, firstDataLine = -1;
        boolean sawContent = false;
        String header = null;
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        // A strict decoder, line by line: Latin-1 or binary bytes are reported with their line, not replaced.
        java.nio.charset.CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT).onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
        int no = 0;
        while (true) {
            int length = readLine(in, buf);
            if (length < 0) break;
            no++;
            String line;
            try {
                line = utf8.decode(java.nio.ByteBuffer.wrap(buf.toByteArray())).toString();
            } catch (java.nio.charset.CharacterCodingException e) {
                throw new ParamException(key, name + " line " + no, "is not UTF-8 text (a Latin-1 or binary file?); save the CSV as UTF-8");
            }
            if (length > MAX_LINE_CHARS) {
                throw new ParamException(key, name + " line " + no, "is longer than " + MAX_LINE_CHARS
                        + " characters; a line is one data point (values separated by ',')");
            }
            String t = line.strip();
            if (no == 1 && t.startsWith("\uFEFF")) t = t.substring(1);
            if (t.isEmpty() || t.startsWith("#")) continue;
            String[] cells = t.split(",", -1);
            if (!sawContent) {
                sawContent = true;
                // A header is a first line with no number in it, quoted or not ("x1","x2" is one; "1","2" is data).
                boolean allText = true;
                for (String c : cells) if (isNumber(unquote(c.strip()))) { allText = false; break; }
                if (allText) { header = t; continue; }
            }
            if (cols >= 0 && cells.length != cols) {
                throw new ParamException(key, name + " line " + no, "has " + cells.length + " values but line " + firstDataLine
                        + " has " + cols + " (ragged rows: every point needs the same number of dimensions)");
            }
            if (cols < 0 && cells.length > MAX_VALUES) {
                throw new ParamException(key, name, "more than " + MAX_VALUES + " values; the lab reads at most that many");
            }
            double[] v = new double[cells.length];
            for (int c = 0; c < cells.length; c++) {
                String cell = unquote(cells[c].strip());
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
        return new Points(rows.toArray(new double[0][]), header);
    }

    /**
     * The next line's bytes into buf (without \\n, \\r\\n or \\r); returns its length in bytes, or −1 at the end.
     * Stores at most MAX_LINE_CHARS + 1 bytes, so a 200 MB line costs its reading, not its memory (the
     * caller refuses it).
     */
    static int readLine(java.io.InputStream in, java.io.ByteArrayOutputStream buf) throws IOException {
        buf.reset();
        int c, length = 0;
        boolean any = false;
        while ((c = in.read()) >= 0) {
            any = true;
            if (c == '\n') break;
            if (c == '\r') {
                in.mark(1);
                if (in.read() != '\n') in.reset();
                break;
            }
            if (length++ <= MAX_LINE_CHARS) buf.write(c);
        }
        return any ? length : -1;
    }

    private static String unquote(String cell) {
        return cell.length() >= 2 && cell.startsWith("\"") && cell.endsWith("\"") ? cell.substring(1, cell.length() - 1).strip() : cell;
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
