package glassbox.core.purifier;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class SvdTest {

    static double[][] random(int m, int n, long seed) {
        Random r = new Random(seed);
        double[][] x = new double[m][n];
        for (double[] row : x) for (int j = 0; j < n; j++) row[j] = r.nextGaussian();
        return x;
    }

    /** max |U Σ Vᵀ − X|, UᵀU − I and VᵀV − I, all from plain triple loops. */
    static void assertSvd(double[][] x, Svd s, double tol) {
        int m = x.length, n = x[0].length;
        double[][] u = s.u(), v = s.rightVectors(x);
        double[] sg = s.sigma();
        for (int i = 0; i + 1 < m; i++) assertTrue(sg[i] >= sg[i + 1], "σ descending");
        for (int r = 0; r < m; r++) {
            for (int c = 0; c < n; c++) {
                double acc = 0;
                for (int i = 0; i < m; i++) acc += u[r][i] * sg[i] * v[c][i];
                assertEquals(x[r][c], acc, tol, "U Σ Vᵀ = X at " + r + "," + c);
            }
        }
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                double uu = 0, vv = 0;
                for (int r = 0; r < m; r++) uu += u[r][i] * u[r][j];
                for (int c = 0; c < n; c++) vv += v[c][i] * v[c][j];
                assertEquals(i == j ? 1 : 0, uu, 1e-10, "UᵀU = I");
                assertEquals(i == j ? 1 : 0, vv, 1e-8, "VᵀV = I");
            }
        }
    }

    @Test
    void reconstructsRandomData() {
        for (long seed = 1; seed <= 5; seed++) {
            int m = 2 + (int) seed * 3;
            double[][] x = random(m, 3 * m + 1, seed);
            assertSvd(x, Svd.of(x), 1e-9);
        }
    }

    @Test
    void knownSingularValues() {
        // Rows orthogonal: σ are the row norms, 5 and 3 (sorted descending).
        double[][] x = {{3, 0, 0}, {0, 3, 4}};
        Svd s = Svd.of(x);
        assertEquals(5, s.sigma()[0], 1e-12);
        assertEquals(3, s.sigma()[1], 1e-12);
        assertSvd(x, s, 1e-12);
    }

    @Test
    void rankDeficientDataStillReconstructs() {
        double[][] a = random(4, 2, 7), b = random(2, 10, 8);
        double[][] x = new double[4][10];
        for (int i = 0; i < 4; i++) for (int j = 0; j < 10; j++) for (int l = 0; l < 2; l++) x[i][j] += a[i][l] * b[l][j];
        Svd s = Svd.of(x);
        assertTrue(s.sigma()[2] < 1e-7 * s.sigma()[0]);
        assertTrue(s.sigma()[3] < 1e-7 * s.sigma()[0]);
        assertSvd(x, s, 1e-9);
    }

    @Test
    void jacobiEigenpairsOfARandomSymmetricMatrix() {
        int m = 40;
        double[][] r = random(m, m, 11), a = new double[m][m];
        for (int i = 0; i < m; i++) for (int j = 0; j < m; j++) a[i][j] = r[i][j] + r[j][i];
        Svd.Eigen e = Svd.jacobi(a);
        double trace = 0, sum = 0;
        for (int i = 0; i < m; i++) { trace += a[i][i]; sum += e.values()[i]; }
        assertEquals(trace, sum, 1e-9);
        for (int k = 0; k < m; k++) {
            for (int i = 0; i < m; i++) {
                double av = 0;
                for (int j = 0; j < m; j++) av += a[i][j] * e.vectors()[j][k];
                assertEquals(e.values()[k] * e.vectors()[i][k], av, 1e-9, "A v = λ v");
            }
        }
    }

    @Test
    void largeSizeReconstructs() {
        double[][] x = random(96, 200, 3);
        assertSvd(x, Svd.of(x), 1e-8);
    }
}
