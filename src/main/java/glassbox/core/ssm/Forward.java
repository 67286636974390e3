package glassbox.core.ssm;

import glassbox.core.Memo;
import glassbox.core.ParamException;
import org.jtransforms.fft.DoubleFFT_1D;

import java.util.SplittableRandom;

/**
 * The forward pass y_0 … y_L of an SSM on an input u_0 … u_L, by the recurrence and as the
 * convolution y_k = Σ_{l=0..k} K_l u_{k−l} (direct O(L²) or FFT O(L log L)).
 */
public final class Forward {
    public enum Input { IMPULSE, STEP, SINE, NOISE, DRAWN }

    private static final double BIG = 0x1p600, SMALL = 0x1p-600;

    private Forward() {}

    /**
     * u_0 … u_len: impulse (u_0 = 1), step (all 1), sine sin(2πk/period), noise N(0, 1) from the seed;
     * drawn without samples is all zeros (see {@link #resample} for drawn samples).
     */
    public static double[] input(Input kind, int len, double period, long seed) {
        double[] u = new double[len + 1];
        switch (kind) {
            case IMPULSE -> u[0] = 1;
            case STEP -> java.util.Arrays.fill(u, 1);
            case SINE -> {
                for (int k = 0; k <= len; k++) u[k] = Math.sin(2 * Math.PI * k / period);
            }
            case DRAWN -> { }
            case NOISE -> {
                // A stream of its own, so the noise does not shift when a random A changes size.
                SplittableRandom rnd = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + 0x5EEDL);
                for (int k = 0; k <= len; k++) u[k] = StateSpace.gaussian(rnd);
            }
        }
        return u;
    }

    /**
     * Drawn samples as u_0 … u_len. None: zeros; exactly len + 1: as given; one: that constant;
     * any other count m: linear interpolation at positions k·(m−1)/len, so a drawing keeps its shape
     * (stretched or squeezed) when L changes.
     */
    public static double[] resample(double[] s, int len) {
        double[] u = new double[len + 1];
        int m = s == null ? 0 : s.length;
        if (m == 0) return u;
        if (m == len + 1) return s.clone();
        if (m == 1) {
            java.util.Arrays.fill(u, s[0]);
            return u;
        }
        for (int k = 0; k <= len; k++) {
            double t = (double) k * (m - 1) / len;
            int i = Math.min((int) t, m - 2);
            double f = t - i;
            u[k] = f == 0 ? s[i] : s[i] + (s[i + 1] - s[i]) * f;
        }
        return u;
    }

    /**
     * Parses a list of samples ("0, 0.5, 1, …": separated by commas, semicolons or spaces); blank
     * gives none. Errors name the entry and show only a short excerpt (the list may be long).
     */
    public static double[] parseSamples(String key, String text, int max) {
        if (text == null || text.isBlank()) return new double[0];
        String[] parts = text.trim().split("[,;\\s]+");
        int start = parts.length > 0 && parts[0].isEmpty() ? 1 : 0;
        if (parts.length - start > max) {
            throw new ParamException(key, excerpt(text), (parts.length - start) + " samples; at most " + max + " are allowed");
        }
        double[] v = new double[parts.length - start];
        for (int i = start; i < parts.length; i++) {
            double x;
            try {
                x = Double.parseDouble(parts[i]);
            } catch (NumberFormatException e) {
                throw new ParamException(key, excerpt(text), "entry " + (i - start + 1) + " \"" + excerpt(parts[i]) + "\" is not a number; samples are numbers separated by ','");
            }
            if (!Double.isFinite(x)) {
                throw new ParamException(key, excerpt(text), "entry " + (i - start + 1) + " is not finite; only finite numbers are allowed");
            }
            v[i - start] = x;
        }
        return v;
    }

    private static String excerpt(String t) {
        return t.length() <= 40 ? t : t.substring(0, 37) + "…";
    }

    /**
     * x_{k+1} = A x_k + B u_k, y_k = C x_k + D u_k from x_0 = 0. The state is kept as w·2^e with
     * exact power-of-two rescaling, so an unstable A overflows to ±∞ with the right sign, never NaN.
     */
    public static double[] recurrent(StateSpace s, double[] u) {
        int n = s.n();
        double[] a = Kernels.packed(s.a());
        double[] b = s.b(), c = s.c();
        double d = s.d();
        double[] w = new double[n], t = new double[n], cw = {0};
        int e = 0;
        double[] y = new double[u.length];
        for (int k = 0; k < u.length; k++) {
            // scalb by 0 is the identity: skip it in the usual, in-range case.
            y[k] = (e == 0 ? cw[0] : Math.scalb(cw[0], e)) + d * u[k];
            if (k == u.length - 1) break;
            // t = A w + B u_k, and C t for the next output, in one pass.
            double bu = e == 0 ? u[k] : Math.scalb(u[k], -e);
            double m = Kernels.step(a, n, w, b, bu, c, t, cw);
            double[] sw = w; w = t; t = sw;
            if (m > BIG) {
                for (int i = 0; i < n; i++) w[i] *= SMALL;
                e += 600;
                cw[0] = Kernels.dot(c, w);
            } else if (e > 0 && m < SMALL && m > 0) {
                for (int i = 0; i < n; i++) w[i] *= BIG;
                e -= 600;
                cw[0] = Kernels.dot(c, w);
            }
        }
        return y;
    }

    /** y_k = Σ_{l≤k} K_l u_{k−l}, directly: O(L²). Both arrays finite. */
    public static double[] convolveDirect(double[] k, double[] u) {
        int len = u.length;
        double[] y = new double[len];
        for (int j = 0; j < len; j++) {
            double uj = u[j];
            if (uj == 0) continue;
            int lim = Math.min(k.length, len - j);
            for (int l = 0; l < lim; l++) y[j + l] += k[l] * uj;
        }
        return y;
    }

    /** The same causal convolution through a zero-padded real FFT (JTransforms): O(L log L). Both arrays finite. */
    public static double[] convolveFft(double[] k, double[] u) {
        return new Spectra().convolveFft(k, u);
    }

    /** A kernel's zero-padded, unit-scaled transform: values = FFT(k · 2^−exponent) (never modified once made). */
    private record Spectrum(double[] values, int exponent) {}

    /** A kernel (a copy, compared by content) at a transform size. */
    private record KernelKey(double[] kernel, int n) {
        @Override public boolean equals(Object o) {
            return o instanceof KernelKey k && n == k.n && java.util.Arrays.equals(kernel, k.kernel);
        }

        @Override public int hashCode() {
            return java.util.Arrays.hashCode(kernel) * 31 + n;
        }
    }

    /**
     * FFT convolutions with one-entry memos, held by the object that convolves (the lab's engine, or
     * one timing run): the last FFT plan (building one costs more than a small transform) and the last
     * kernel's transform (when only the input changes, the usual slider move, it is reused).
     */
    public static final class Spectra {
        private final Memo<Integer, DoubleFFT_1D> plans = new Memo<>();
        private final Memo<KernelKey, Spectrum> last = new Memo<>();

        private DoubleFFT_1D plan(int n) {
            return plans.get(n, DoubleFFT_1D::new);
        }

        private Spectrum spectrum(double[] k, int n) {
            return last.get(new KernelKey(k.clone(), n), key -> {
                double[] a = new double[n];
                System.arraycopy(key.kernel(), 0, a, 0, Math.min(key.kernel().length, n));
                int ea = scaleToUnit(a);
                plan(n).realForward(a);
                return new Spectrum(a, ea);
            });
        }

        /** As {@link Forward#convolveFft}. */
        public double[] convolveFft(double[] k, double[] u) {
            int len = u.length;
            int n = 1;
            while (n < k.length + len - 1) n <<= 1;
            n = Math.max(n, 2);
            Spectrum ks = spectrum(k, n);
            double[] a = ks.values();
            double[] b = new double[n];
            System.arraycopy(u, 0, b, 0, len);
            // Exact power-of-two scaling to unit size, so the transform's sums cannot overflow for a
            // kernel near the double range (its error stays relative to the largest term, as always).
            int eb = scaleToUnit(b);
            DoubleFFT_1D f = plan(n);
            f.realForward(b);
            // Packed layout: a[0] = Re 0, a[1] = Re n/2, then (Re, Im) pairs.
            b[0] = a[0] * b[0];
            b[1] = a[1] * b[1];
            for (int i = 2; i < n; i += 2) {
                double re = a[i] * b[i] - a[i + 1] * b[i + 1];
                double im = a[i] * b[i + 1] + a[i + 1] * b[i];
                b[i] = re;
                b[i + 1] = im;
            }
            f.realInverse(b, true);
            double[] y = new double[len];
            int e = ks.exponent() + eb;
            for (int i = 0; i < len; i++) y[i] = Math.scalb(b[i], e);
            return y;
        }
    }

    /** Multiplies v by 2^−e so that its largest |entry| lies in [1, 2); returns e. */
    private static int scaleToUnit(double[] v) {
        double m = 0;
        for (double x : v) m = Math.max(m, Math.abs(x));
        if (m == 0) return 0;
        int e = Math.getExponent(m);
        for (int i = 0; i < v.length; i++) v[i] = Math.scalb(v[i], -e);
        return e;
    }

    /**
     * The causal convolution for a kernel that may hold overflowed taps (±∞, or NaN where a fast
     * method lost the sign). The finite taps are convolved as usual; for the rest it counts, for
     * each k, the +∞ and −∞ terms K_l u_{k−l} (u ≠ 0) by convolving indicator sequences, so y_k is
     * +∞ or −∞ when all infinite terms agree and NaN ("overflow, sign lost") when they do not.
     */
    public static double[] convolve(double[] k, double[] u, boolean useFft) {
        return convolve(k, u, useFft, new Spectra());
    }

    /** As {@link #convolve(double[], double[], boolean)}, the FFTs through sp's memos. */
    public static double[] convolve(double[] k, double[] u, boolean useFft, Spectra sp) {
        int first = -1;
        for (int l = 0; l < k.length; l++) if (!Double.isFinite(k[l])) { first = l; break; }
        if (first < 0) return useFft ? sp.convolveFft(k, u) : convolveDirect(k, u);
        double[] fin = k.clone(), kp = new double[k.length], km = new double[k.length], kn = new double[k.length];
        for (int l = first; l < k.length; l++) {
            if (Double.isFinite(k[l])) continue;
            fin[l] = 0;
            if (k[l] == Double.POSITIVE_INFINITY) kp[l] = 1;
            else if (k[l] == Double.NEGATIVE_INFINITY) km[l] = 1;
            else kn[l] = 1;
        }
        double[] up = new double[u.length], um = new double[u.length], unz = new double[u.length];
        for (int j = 0; j < u.length; j++) {
            if (u[j] > 0) up[j] = 1;
            if (u[j] < 0) um[j] = 1;
            if (u[j] != 0) unz[j] = 1;
        }
        double[] y = useFft ? sp.convolveFft(fin, u) : convolveDirect(fin, u);
        double[] pos1 = conv(kp, up, useFft, sp), pos2 = conv(km, um, useFft, sp);
        double[] neg1 = conv(kp, um, useFft, sp), neg2 = conv(km, up, useFft, sp);
        double[] lost = conv(kn, unz, useFft, sp);
        for (int j = 0; j < y.length; j++) {
            // Counts are integers; FFT round-off is far below 1/2.
            boolean pos = pos1[j] + pos2[j] > 0.5, neg = neg1[j] + neg2[j] > 0.5, nan = lost[j] > 0.5;
            if (nan || (pos && neg)) y[j] = Double.NaN;
            else if (pos) y[j] = Double.POSITIVE_INFINITY;
            else if (neg) y[j] = Double.NEGATIVE_INFINITY;
        }
        return y;
    }

    private static double[] conv(double[] a, double[] b, boolean useFft, Spectra sp) {
        return useFft ? sp.convolveFft(a, b) : convolveDirect(a, b);
    }
}
