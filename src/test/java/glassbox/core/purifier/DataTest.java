package glassbox.core.purifier;

import glassbox.core.ParamException;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class DataTest {

    @Test
    void sigmasAreSortedAndValidated() {
        Data d = Data.sigmas("sigmas", new double[]{1, 10, 4}, "sigmas", "");
        assertArrayEquals(new double[]{10, 4, 1}, d.sigma());
        assertEquals(100, d.svd().gram()[0][0]);
        ParamException neg = assertThrows(ParamException.class, () -> Data.sigmas("sigmas", new double[]{1, -2}, "", ""));
        assertEquals("sigmas", neg.key());
        assertTrue(neg.getMessage().contains("negative"));
        assertThrows(ParamException.class, () -> Data.sigmas("sigmas", new double[]{1, Double.NaN}, "", ""));
        assertThrows(ParamException.class, () -> Data.sigmas("sigmas", new double[]{1, Double.POSITIVE_INFINITY}, "", ""));
        assertThrows(ParamException.class, () -> Data.sigmas("sigmas", new double[]{1}, "", ""));
    }

    @Test
    void fewerPointsThanDimensionsExplainsTheSvd() {
        ParamException e = assertThrows(ParamException.class, () -> Data.matrix("X", new double[][]{{1, 2}, {3, 4}, {5, 6}}, "X", ""));
        assertEquals("X", e.key());
        assertTrue(e.getMessage().contains("fewer points than dimensions") && e.getMessage().contains("exactly 0"), e.getMessage());
    }

    @Test
    void profiles() {
        Data p = Data.powerLaw(5, 10, 1);
        assertEquals(10.0 / 3, p.sigma()[2], 1e-12);
        Data l = Data.lowRank(6, 2, 10, 0.5);
        assertEquals(Math.sqrt(100 + 0.25), l.sigma()[0], 1e-12);
        assertEquals(0.5, l.sigma()[2], 1e-12);
        assertEquals(0.3, l.sigma()[5], 1e-12);
    }

    @Test
    void randomDataHasTheRequestedRankPlusNoise() {
        double[][] x = Data.randomX(6, 400, 2, 1, 0.01, 4);
        Data d = Data.matrix("X", x, "random", "");
        // Signal σ ≈ √n·(1, 0.7); noise σ ≈ 0.01·(√n ± √m).
        assertEquals(20, d.sigma()[0], 4);
        assertEquals(14, d.sigma()[1], 3);
        assertTrue(d.sigma()[2] < 0.35, "noise floor " + d.sigma()[2]);
        assertArrayEquals(x[0], Data.randomX(6, 400, 2, 1, 0.01, 4)[0], "seeded");
    }

    static double[][] csv(String text) throws Exception {
        return Csv.parse("csv", "data.csv", new java.io.ByteArrayInputStream(text.getBytes(java.nio.charset.StandardCharsets.UTF_8))).rows();
    }

    @Test
    void csvReadsPointsWithHeaderAndComments() throws Exception {
        double[][] p = csv("x,y\n# comment\n1,2\n\n3, 4\n5,6\n");
        assertEquals(3, p.length);
        assertArrayEquals(new double[]{3, 4}, p[1]);
        assertArrayEquals(new double[]{1, 3, 5}, Csv.transpose(p)[0]);
    }

    @Test
    void csvErrorsNameTheLine() {
        ParamException ragged = assertThrows(ParamException.class, () -> csv("1,2\n3,4\n5,6,7\n"));
        assertEquals("csv", ragged.key());
        assertTrue(ragged.getMessage().contains("line 3") && ragged.getMessage().contains("ragged"), ragged.getMessage());
        ParamException text = assertThrows(ParamException.class, () -> csv("x,y\n1,2\n3,abc\n"));
        assertTrue(text.getMessage().contains("line 3") && text.getMessage().contains("abc"), text.getMessage());
        ParamException mixedHeader = assertThrows(ParamException.class, () -> csv("1,b\n1,2\n"));
        assertTrue(mixedHeader.getMessage().contains("line 1"), mixedHeader.getMessage());
        assertThrows(ParamException.class, () -> csv("# nothing\n"));
    }

    @Test
    void csvFileMissingAndPresent(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        assertThrows(ParamException.class, () -> Csv.readPoints("csv", dir.resolve("none.csv")));
        Path f = dir.resolve("ok.csv");
        Files.writeString(f, "1,0\n0,1\n1,1\n");
        assertEquals(3, Csv.readPoints("csv", f).rows().length);
    }

    @Test
    void csvHeadersAreDecidedByContentAndSaid() throws Exception {
        // Was: a file of quoted numbers lost its first data line as a "header".
        assertEquals(3, csv("\"1\",\"2\"\n\"3\",\"4\"\n\"5\",\"6\"\n").length);
        Csv.Points h = Csv.parse("csv", "h.csv", new java.io.ByteArrayInputStream("\"x\",\"y\"\r\n1,2\r\n3,4\r\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertEquals("\"x\",\"y\"", h.header());
        assertEquals(2, h.rows().length);
        assertNull(Csv.parse("csv", "n.csv", new java.io.ByteArrayInputStream("1,2\n".getBytes(java.nio.charset.StandardCharsets.UTF_8))).header());
    }

    @Test
    void csvEncodingProblemsAndHugeLinesNameTheirLineWithoutReadingEverything(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path latin = dir.resolve("latin.csv");
        Files.write(latin, "1,2\n3,4\ncaf\u00e9,5\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        ParamException e = assertThrows(ParamException.class, () -> Csv.readPoints("csv", latin));
        assertTrue(e.getMessage().contains("latin.csv line 3: is not UTF-8 text"), e.getMessage());
        // Was: one 200 MB line split whole before the cap was checked (OutOfMemoryError after 25 s). 20 MB here.
        Path wide = dir.resolve("wide.csv");
        try (java.io.OutputStream o = new java.io.BufferedOutputStream(Files.newOutputStream(wide))) {
            byte[] cell = "1.5,".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            for (int k = 0; k < 5_000_000; k++) o.write(cell);
            o.write('1');
        }
        ParamException w = assertThrows(ParamException.class, () -> Csv.readPoints("csv", wide));
        assertTrue(w.getMessage().contains("wide.csv line 1: is longer than 65536 characters"), w.getMessage());
        assertTrue(assertThrows(ParamException.class, () -> Csv.readPoints("csv", dir)).getMessage().contains("not a regular file"));
    }
}
