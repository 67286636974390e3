package glassbox.core.rnn;

import glassbox.core.Memo;
import glassbox.core.ParamException;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** All four parts of docs/LABS.md §6 computed together from one set of settings; an instance holds the lab's memo. */
public final class Rnn {

    /** How W_h of the linear RNN is made. */
    public enum WhMode { ROTATION, SCALED, EXACT }

    /**
     * The settings, already range-checked by their Params.
     *
     * @param xs       x_1..x_T
     * @param whMatrix the typed 2×2 matrix (SCALED: rescaled to spectral radius `radius`; EXACT: used as is)
     */
    public record Spec(int T, double[] xs, double radius, double angle, WhMode whMode, double[][] whMatrix,
                       Activation g, double w, double a, double h0, double y, double lr, int d,
                       FloatPacking.Scheme scheme, int k, float u1, float u2, int grid, boolean randomGrid, long seed) {}

    /** Part 4 for the chosen pair. */
    public record Pair(float u1, float u2, int code, double[] decoded, double err1, double err2, int[] owners) {}

    /** Part 3 over a range of T: ops and critical path for both models. */
    public record Cost(double[] Ts, double[] rnnOps, double[] attnOps, double[] rnnDepth, double[] attnDepth) {}

    public record Result(Spec spec, LinearMemory.Result memory, ScalarRnn.Result bptt, Cost cost, Pair pair,
                         FloatPacking.Collisions collisions) {}

    /**
     * The input sequence from the `x` text: empty → x_t ~ N(0, 1) from the seed; one number → that
     * constant for every t; otherwise exactly T comma-separated finite numbers.
     */
    public static double[] inputs(String text, int T, long seed) {
        String t = text == null ? "" : text.trim();
        if (t.isEmpty()) {
            SplittableRandom r = new SplittableRandom(seed);
            double[] x = new double[T];
            for (int i = 0; i < T; i++) x[i] = gaussian(r);
            return x;
        }
        String[] parts = t.split("[,;\\s]+");
        List<Double> vals = new ArrayList<>();
        for (String p : parts) {
            if (p.isEmpty()) continue;
            double v;
            try {
                v = Double.parseDouble(p);
            } catch (NumberFormatException e) {
                throw new ParamException("x", "\"" + p + "\"", "expected finite numbers separated by commas (e.g. 1,0.5,-2), or empty for random inputs");
            }
            if (!Double.isFinite(v)) throw new ParamException("x", p, "expected finite numbers (no NaN or infinity)");
            if (Math.abs(v) > 1e6) throw new ParamException("x", p, "expected inputs of size at most 1e6");
            vals.add(v);
        }
        if (vals.size() == 1) {
            double[] x = new double[T];
            java.util.Arrays.fill(x, vals.get(0));
            return x;
        }
        if (vals.size() != T) {
            throw new ParamException("x", t, "gives " + vals.size() + " inputs but T = " + T
                    + ": give exactly T numbers, one number (a constant input) or nothing (random inputs)");
        }
        double[] x = new double[T];
        for (int i = 0; i < T; i++) x[i] = vals.get(i);
        return x;
    }

    private static double gaussian(SplittableRandom r) {
        // Box–Muller: SplittableRandom has no nextGaussian on Java 17.
        double u = 1 - r.nextDouble(), v = r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    /** W_h as the spec says; SCALED needs a matrix whose spectral radius is not 0. */
    public static double[][] wh(Spec s) {
        return switch (s.whMode()) {
            case ROTATION -> LinearMemory.rotation(s.radius(), s.angle());
            case EXACT -> s.whMatrix();
            case SCALED -> {
                double rho = LinearMemory.spectralRadius2(s.whMatrix());
                if (!(rho > 1e-12)) {
                    throw new ParamException("Wh", "W_h has spectral radius 0 (nilpotent or zero): it cannot be scaled to radius "
                            + s.radius() + "; use wh = exact or another matrix");
                }
                double f = s.radius() / rho;
                double[][] m = s.whMatrix();
                yield new double[][]{{m[0][0] * f, m[0][1] * f}, {m[1][0] * f, m[1][1] * f}};
            }
        };
    }

    private record PackKey(FloatPacking.Scheme scheme, int k, int grid, boolean random, long seed) {}

    // The grid's collisions only change with the scheme, k and the grid, not with the pair sliders: keep the last.
    private final Memo<PackKey, FloatPacking.Collisions> packs = new Memo<>();

    public FloatPacking.Collisions collisions(FloatPacking.Scheme scheme, int k, int grid, boolean random, long seed) {
        return packs.get(new PackKey(scheme, k, grid, random, seed),
                key -> FloatPacking.collisions(key.scheme(), key.k(), FloatPacking.gridValues(key.grid(), key.random(), key.seed())));
    }

    public Result compute(Spec s) {
        if (s.scheme() == FloatPacking.Scheme.BITS && s.k() > 32) {
            throw new ParamException("k", Integer.toString(s.k()), "the bits scheme splits 32 bits between u₁ and u₂: expected k from 0 to 32");
        }
        LinearMemory.Result mem = LinearMemory.compute(wh(s), s.xs());
        ScalarRnn.Result bptt = ScalarRnn.compute(s.g(), s.w(), s.a(), s.h0(), s.xs(), s.y(), s.lr());
        Cost cost = cost(s.T(), s.d());
        int code = FloatPacking.encode(s.scheme(), s.k(), s.u1(), s.u2());
        double[] dec = FloatPacking.decode(s.scheme(), s.k(), code);
        Pair pair = new Pair(s.u1(), s.u2(), code, dec, Math.abs(dec[0] - s.u1()), Math.abs(dec[1] - s.u2()),
                FloatPacking.bitOwners(s.scheme(), s.k(), code));
        FloatPacking.Collisions col = collisions(s.scheme(), s.k(), s.grid(), s.randomGrid(), s.seed());
        return new Result(s, mem, bptt, cost, pair, col);
    }

    /** T from 1 to at least 4096 (and 4·T), on a log grid, plus T itself. */
    public static Cost cost(int T, int d) {
        long top = Math.max(4096, 4L * T);
        List<Long> ts = new ArrayList<>();
        for (double e = 0; Math.pow(2, e) <= top + 0.5; e += 0.25) ts.add(Math.round(Math.pow(2, e)));
        ts.add((long) T);
        long[] u = ts.stream().mapToLong(Long::longValue).sorted().distinct().toArray();
        double[] Ts = new double[u.length], ro = new double[u.length], ao = new double[u.length], rd = new double[u.length], ad = new double[u.length];
        for (int i = 0; i < u.length; i++) {
            Ts[i] = u[i];
            ro[i] = ForwardCost.rnnOps(u[i], d);
            ao[i] = ForwardCost.attentionOps(u[i], d);
            rd[i] = ForwardCost.rnnDepth(u[i], d);
            ad[i] = ForwardCost.attentionDepth(u[i], d);
        }
        return new Cost(Ts, ro, ao, rd, ad);
    }
}
