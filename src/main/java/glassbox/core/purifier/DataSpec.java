package glassbox.core.purifier;

import glassbox.core.Fmt;
import glassbox.core.Matrix;
import glassbox.core.MatrixLiteral;
import glassbox.core.ParamException;

import java.nio.file.Path;

/**
 * What the purifier's data (and so its SVD) depends on, typed: the source and only the fields that source reads (the
 * others zero or null), so equal specs mean equal data and a spec keys the data memo by equals. A CSV file is named
 * by its absolute path and a stamp of its size and modification time, so an edited file is read again.
 */
public record DataSpec(Source source, Matrix sigmas, Matrix x, String csv, String csvStamp, int m, int n, int rank,
                       double noise, double scale, double alpha, long seed) {

    public enum Source { SIGMAS, POWER_LAW, LOW_RANK_NOISE, X, RANDOM, CSV }

    /** The data, its SVD included; refusals name the parameter. */
    public Data build() {
        switch (source) {
            case SIGMAS -> {
                double[] s = MatrixLiteral.vector("sigmas", sigmas.rows());
                return Data.sigmas("sigmas", s, "sigmas", s.length + " singular values given");
            }
            case POWER_LAW -> { return Data.powerLaw(m, scale, alpha); }
            case LOW_RANK_NOISE -> { return Data.lowRank(m, rank, scale, noise); }
            case X -> {
                if (x == null) throw new ParamException("X", "\"\"", "input = X needs a data matrix, e.g. 1,2,3;4,5,6 (rows are dimensions, columns points)");
                double[][] xx = x.copy();
                return Data.matrix("X", xx, "X", "X given (" + xx.length + "×" + xx[0].length + ")");
            }
            case RANDOM -> {
                if (m > Svd.MAX_M) throw new ParamException("m", Integer.toString(m), "random X has at most " + Svd.MAX_M + " dimensions");
                double[][] xx = Data.randomX(m, n, rank, scale, noise, seed);
                return Data.matrix("m", xx, "random", "random rank-" + rank + " data + noise ν = " + Fmt.sig(noise, 3) + ", seed " + seed);
            }
            default -> {
                Path p = Path.of(csv);
                Csv.Points pts = Csv.readPoints("csv", p);
                double[][] xx = Csv.transpose(pts.rows());
                return Data.matrix("csv", xx, "csv", p.getFileName() + " (" + xx[0].length + " points in " + xx.length + " dimensions"
                        + (pts.header() == null ? "" : "; first line taken as a header: "
                        + (pts.header().length() > 40 ? Fmt.quote(pts.header(), 40) : Fmt.oneLine(pts.header()))) + ")");
            }
        }
    }
}
