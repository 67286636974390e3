package glassbox.core.ssm;

import java.util.Arrays;

/**
 * Eigenvalues of a small real square matrix (n ≤ 64 here): Householder reduction to upper
 * Hessenberg form, then Francis double-shift QR (the EISPACK orthes/hqr pair, eigenvalues only).
 * Complex eigenvalues come out as conjugate pairs.
 */
public final class Eigen {
    private Eigen() {}

    /** Eigenvalues as {re[], im[]}, sorted by decreasing modulus, then real part, then imaginary part. */
    public static double[][] eigenvalues(double[][] a) {
        int n = a.length;
        double[][] h = new double[n][];
        double max = 0;
        for (int i = 0; i < n; i++) {
            if (a[i].length != n) throw new IllegalArgumentException("matrix is not square");
            h[i] = a[i].clone();
            for (double x : h[i]) max = Math.max(max, Math.abs(x));
        }
        // Exact power-of-two scaling to unit size, then balancing: the QR iteration's sums and shifts can
        // neither overflow (entries near 1e300) nor lose small entries beside large ones (ill-scaled A).
        // Both are exact in binary floating point, so the eigenvalues are those of A scaled back.
        int e = max > 0 && Double.isFinite(max) ? Math.getExponent(max) : 0;
        if (e != 0) for (double[] row : h) for (int j = 0; j < n; j++) row[j] = Math.scalb(row[j], -e);
        balance(h);
        hessenberg(h);
        double[] re = new double[n], im = new double[n];
        hqr(h, re, im);
        for (int i = 0; i < n; i++) {
            re[i] = Math.scalb(re[i], e);
            im[i] = Math.scalb(im[i], e);
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, (x, y) -> {
            double mx = Math.hypot(re[x], im[x]), my = Math.hypot(re[y], im[y]);
            if (Math.abs(mx - my) > 1e-12 * Math.max(1, Math.max(mx, my))) return Double.compare(my, mx);
            if (re[x] != re[y]) return Double.compare(re[y], re[x]);
            return Double.compare(im[y], im[x]);
        });
        double[][] out = new double[2][n];
        for (int i = 0; i < n; i++) {
            out[0][i] = re[order[i]];
            out[1][i] = im[order[i]];
        }
        return out;
    }

    /** max |λ_i|. */
    public static double spectralRadius(double[][] a) {
        double[][] e = eigenvalues(a);
        double r = 0;
        for (int i = 0; i < e[0].length; i++) r = Math.max(r, Math.hypot(e[0][i], e[1][i]));
        return r;
    }

    /**
     * In-place diagonal similarity D⁻¹ A D with D a power of two per row (Parlett and Reinsch's balancing,
     * as EISPACK's balanc): each row and its column get comparable norms, which keeps the QR iteration
     * accurate for ill-scaled matrices. The eigenvalues do not change (and with radix 2, no rounding).
     */
    static void balance(double[][] a) {
        int n = a.length;
        boolean done = false;
        for (int sweep = 0; !done && sweep < 200; sweep++) {
            done = true;
            for (int i = 0; i < n; i++) {
                double c = 0, r = 0;
                for (int j = 0; j < n; j++) {
                    if (j == i) continue;
                    c += Math.abs(a[j][i]);
                    r += Math.abs(a[i][j]);
                }
                if (c == 0 || r == 0) continue;
                double g = r / 2, f = 1, sum = c + r;
                while (c < g) { f *= 2; c *= 4; }
                g = r * 2;
                while (c >= g) { f /= 2; c /= 4; }
                if ((c + r) / f < 0.95 * sum) {
                    done = false;
                    for (int j = 0; j < n; j++) a[i][j] /= f;
                    for (int j = 0; j < n; j++) a[j][i] *= f;
                }
            }
        }
    }

    /** In-place similarity reduction to upper Hessenberg form by Householder reflections. */
    static void hessenberg(double[][] h) {
        int n = h.length;
        double[] ort = new double[n];
        int high = n - 1;
        for (int m = 1; m <= high - 1; m++) {
            double scale = 0;
            for (int i = m; i <= high; i++) scale += Math.abs(h[i][m - 1]);
            if (scale == 0) continue;
            double hh = 0;
            for (int i = high; i >= m; i--) {
                ort[i] = h[i][m - 1] / scale;
                hh += ort[i] * ort[i];
            }
            double g = Math.sqrt(hh);
            if (ort[m] > 0) g = -g;
            hh -= ort[m] * g;
            ort[m] -= g;
            // H ← (I − u uᵀ/hh) H (I − u uᵀ/hh)
            for (int j = m; j < n; j++) {
                double f = 0;
                for (int i = high; i >= m; i--) f += ort[i] * h[i][j];
                f /= hh;
                for (int i = m; i <= high; i++) h[i][j] -= f * ort[i];
            }
            for (int i = 0; i <= high; i++) {
                double f = 0;
                for (int j = high; j >= m; j--) f += ort[j] * h[i][j];
                f /= hh;
                for (int j = m; j <= high; j++) h[i][j] -= f * ort[j];
            }
            ort[m] *= scale;
            h[m][m - 1] = scale * g;
            for (int i = m + 1; i <= high; i++) h[i][m - 1] = 0;
        }
    }

    /** Francis double-shift QR on an upper Hessenberg matrix (destroyed); eigenvalues into d + i·e. */
    static void hqr(double[][] h, double[] d, double[] e) {
        int nn = h.length;
        int n = nn - 1;
        final int low = 0;
        final double eps = Math.ulp(1.0);
        double exshift = 0, p = 0, q = 0, r = 0, s = 0, z = 0, t, w, x, y;
        double norm = 0;
        for (int i = 0; i < nn; i++) for (int j = Math.max(i - 1, 0); j < nn; j++) norm += Math.abs(h[i][j]);
        int iter = 0, total = 0;
        while (n >= low) {
            int l = n;
            while (l > low) {
                s = Math.abs(h[l - 1][l - 1]) + Math.abs(h[l][l]);
                if (s == 0) s = norm;
                if (Math.abs(h[l][l - 1]) < eps * s) break;
                l--;
            }
            if (l == n) {
                // One real root.
                d[n] = h[n][n] + exshift;
                e[n] = 0;
                n--;
                iter = 0;
            } else if (l == n - 1) {
                // A 2×2 block: a real pair or a complex conjugate pair.
                w = h[n][n - 1] * h[n - 1][n];
                p = (h[n - 1][n - 1] - h[n][n]) / 2.0;
                q = p * p + w;
                z = Math.sqrt(Math.abs(q));
                x = h[n][n] + exshift;
                if (q >= 0) {
                    z = p >= 0 ? p + z : p - z;
                    d[n - 1] = x + z;
                    d[n] = z != 0 ? x - w / z : x + z;
                    e[n - 1] = 0;
                    e[n] = 0;
                } else {
                    d[n - 1] = x + p;
                    d[n] = x + p;
                    e[n - 1] = z;
                    e[n] = -z;
                }
                n -= 2;
                iter = 0;
            } else {
                if (++total > 60 * nn) throw new ArithmeticException("QR iteration did not converge");
                x = h[n][n];
                y = 0;
                w = 0;
                if (l < n) {
                    y = h[n - 1][n - 1];
                    w = h[n][n - 1] * h[n - 1][n];
                }
                // Exceptional shifts break rare cycles (Wilkinson's at 10, MATLAB's at 30).
                if (iter == 10) {
                    exshift += x;
                    for (int i = low; i <= n; i++) h[i][i] -= x;
                    s = Math.abs(h[n][n - 1]) + Math.abs(h[n - 1][n - 2]);
                    x = y = 0.75 * s;
                    w = -0.4375 * s * s;
                }
                if (iter == 30) {
                    s = (y - x) / 2.0;
                    s = s * s + w;
                    if (s > 0) {
                        s = Math.sqrt(s);
                        if (y < x) s = -s;
                        s = x - w / ((y - x) / 2.0 + s);
                        for (int i = low; i <= n; i++) h[i][i] -= s;
                        exshift += s;
                        x = y = w = 0.964;
                    }
                }
                iter++;
                // Two consecutive small sub-diagonal elements.
                int m = n - 2;
                while (m >= l) {
                    z = h[m][m];
                    r = x - z;
                    s = y - z;
                    p = (r * s - w) / h[m + 1][m] + h[m][m + 1];
                    q = h[m + 1][m + 1] - z - r - s;
                    r = h[m + 2][m + 1];
                    s = Math.abs(p) + Math.abs(q) + Math.abs(r);
                    p /= s;
                    q /= s;
                    r /= s;
                    if (m == l) break;
                    if (Math.abs(h[m][m - 1]) * (Math.abs(q) + Math.abs(r))
                            < eps * (Math.abs(p) * (Math.abs(h[m - 1][m - 1]) + Math.abs(z) + Math.abs(h[m + 1][m + 1])))) break;
                    m--;
                }
                for (int i = m + 2; i <= n; i++) {
                    h[i][i - 2] = 0;
                    if (i > m + 2) h[i][i - 3] = 0;
                }
                // Double QR step on rows l..n and columns m..n.
                for (int k = m; k <= n - 1; k++) {
                    boolean notlast = k != n - 1;
                    if (k != m) {
                        p = h[k][k - 1];
                        q = h[k + 1][k - 1];
                        r = notlast ? h[k + 2][k - 1] : 0;
                        x = Math.abs(p) + Math.abs(q) + Math.abs(r);
                        if (x == 0) continue;
                        p /= x;
                        q /= x;
                        r /= x;
                    }
                    s = Math.sqrt(p * p + q * q + r * r);
                    if (p < 0) s = -s;
                    if (s != 0) {
                        if (k != m) h[k][k - 1] = -s * x;
                        else if (l != m) h[k][k - 1] = -h[k][k - 1];
                        p += s;
                        x = p / s;
                        y = q / s;
                        z = r / s;
                        q /= p;
                        r /= p;
                        for (int j = k; j < nn; j++) {
                            t = h[k][j] + q * h[k + 1][j];
                            if (notlast) {
                                t += r * h[k + 2][j];
                                h[k + 2][j] -= t * z;
                            }
                            h[k][j] -= t * x;
                            h[k + 1][j] -= t * y;
                        }
                        for (int i = 0; i <= Math.min(n, k + 3); i++) {
                            t = x * h[i][k] + y * h[i][k + 1];
                            if (notlast) {
                                t += z * h[i][k + 2];
                                h[i][k + 2] -= t * r;
                            }
                            h[i][k] -= t;
                            h[i][k + 1] -= t * q;
                        }
                    }
                }
            }
        }
    }
}
