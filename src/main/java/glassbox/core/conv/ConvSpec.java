package glassbox.core.conv;

import glassbox.core.Fmt;
import glassbox.core.ParamException;

/**
 * The shape of a 2-D convolution layer (no bias in the linear map, cross-correlation as in deep
 * learning frameworks) applied to one h x w x c_i image, and how the input and output are flattened.
 * Index conventions are docs/LABS.md §1, all indices 0-based.
 */
public record ConvSpec(int h, int w, int ci, int co, int kh, int kw, int sh, int sw, int ph, int pw,
                       Order order, boolean bias) {

    /**
     * HWC: (i·w + j)·c_i + c. CHW (torch.flatten of NCHW): c·h·w + i·w + j. PATCH (what a ViT's patch
     * embedding sees): the input patch by patch, patch (i / k_h, j / k_w) in row-major order, and inside a patch
     * HWC, ((i / k_h)·(w / k_w) + j / k_w)·k_h k_w c_i + ((i mod k_h)·k_w + j mod k_w)·c_i + c; the output as in HWC.
     * Only for non-overlapping patches tiling the image (k = s dividing h and w, no padding), where A is then
     * block-diagonal: one c_o × k_h k_w c_i block per patch (docs/LABS.md §1).
     */
    public enum Order {
        HWC, CHW, PATCH;

        /** Whether the output is flattened (u·w' + v)·c_o + o (channels last). */
        public boolean outputChannelsLast() { return this != CHW; }
    }

    /** Largest input or output vector the lab accepts (x and y are held in memory as doubles). */
    public static final long MAX_VECTOR = 4_000_000;
    /** Largest number of weights. */
    public static final long MAX_WEIGHTS = 4_000_000;
    /**
     * Most multiply-adds of the whole layer, h'·w'·c_o·c_i·k_h·k_w: the caps per dimension do not bound
     * the work (88×88×512 with a 64×64 kernel padded by 64 is 4.9·10¹⁰). 2·10⁹ still runs VGG's widest
     * 3×3 layer at 224×224 (1.85·10⁹), a few seconds in plain Java.
     */
    public static final long MAX_MACS = 2_000_000_000L;

    public ConvSpec {
        positive("h", h); positive("w", w); positive("ci", ci); positive("co", co);
        positive("kh", kh); positive("kw", kw); positive("sh", sh); positive("sw", sw);
        if (ph < 0) throw new ParamException("ph", Integer.toString(ph), "padding must be 0 or more");
        if (pw < 0) throw new ParamException("pw", Integer.toString(pw), "padding must be 0 or more");
        if (kh > h + 2 * ph) {
            throw new ParamException("kh", "kh = " + kh + " is larger than the padded input height h + 2·ph = "
                    + h + " + 2·" + ph + " = " + (h + 2 * ph) + "; allowed: kh ≤ " + (h + 2 * ph));
        }
        if (kw > w + 2 * pw) {
            throw new ParamException("kw", "kw = " + kw + " is larger than the padded input width w + 2·pw = "
                    + w + " + 2·" + pw + " = " + (w + 2 * pw) + "; allowed: kw ≤ " + (w + 2 * pw));
        }
        if (order == Order.PATCH && !tiles(h, w, kh, kw, sh, sw, ph, pw)) {
            throw new ParamException("order", "patch", "the patch order needs non-overlapping patches that tile the image: k_h = s_h, k_w = s_w, "
                    + "k_h divides h, k_w divides w and no padding (here k = " + kh + "×" + kw + ", s = " + sh + "×" + sw + ", h × w = " + h + "×" + w
                    + ", p = " + ph + "×" + pw + "); use hwc or chw");
        }
        long din = (long) h * w * ci;
        if (din > MAX_VECTOR) {
            throw new ParamException("h", "the input has h·w·c_i = " + Fmt.count(din) + " entries; the lab's cap is "
                    + Fmt.count(MAX_VECTOR) + " (a ResNet stem input, 224·224·3 = 150,528, fits)");
        }
        long hOut = (h + 2L * ph - kh) / sh + 1, wOut = (w + 2L * pw - kw) / sw + 1;
        long dout = hOut * wOut * co;
        if (dout > MAX_VECTOR) {
            throw new ParamException("co", "the output has h'·w'·c_o = " + Fmt.count(dout) + " entries; the lab's cap is "
                    + Fmt.count(MAX_VECTOR));
        }
        long nw = (long) co * ci * kh * kw;
        if (nw > MAX_WEIGHTS) {
            throw new ParamException("co", "the layer has c_o·c_i·k_h·k_w = " + Fmt.count(nw) + " weights; the lab's cap is "
                    + Fmt.count(MAX_WEIGHTS));
        }
        double macs = (double) hOut * wOut * co * ci * kh * kw;
        if (macs > MAX_MACS) {
            // Name the factor furthest above a large real layer's (224², 512 channels, 7×7).
            double[] over = {(double) hOut * wOut / (224 * 224), co / 512.0, ci / 512.0, (double) kh * kw / 49};
            String[] keys = {h >= w ? "h" : "w", "co", "ci", kh >= kw ? "kh" : "kw"};
            int worst = 0;
            for (int i = 1; i < over.length; i++) if (over[i] > over[worst]) worst = i;
            throw new ParamException(keys[worst], "the layer needs h'·w'·c_o·c_i·k_h·k_w = " + hOut + "·" + wOut + "·" + co + "·" + ci + "·" + kh + "·" + kw
                    + " = " + Fmt.count((long) macs) + " multiply-adds; the lab's limit is " + Fmt.count(MAX_MACS) + ": lower " + keys[worst]
                    + " first (each of h, w, ci, co, kh, kw multiplies the work)");
        }
    }

    private static void positive(String key, int v) {
        if (v < 1) throw new ParamException(key, Integer.toString(v), "must be 1 or more");
    }

    /** The same layer flattened in another order. */
    public ConvSpec withOrder(Order o) {
        return new ConvSpec(h, w, ci, co, kh, kw, sh, sw, ph, pw, o, bias);
    }

    /** Whether the patch order applies: non-overlapping patches (k = s) tiling the image, no padding. */
    public boolean tilesIntoPatches() {
        return tiles(h, w, kh, kw, sh, sw, ph, pw);
    }

    /** Whether k = s patches tile an h × w image without padding (the patch order's condition). */
    public static boolean tiles(int h, int w, int kh, int kw, int sh, int sw, int ph, int pw) {
        return kh == sh && kw == sw && kh > 0 && kw > 0 && h % kh == 0 && w % kw == 0 && ph == 0 && pw == 0;
    }

    public int hOut() { return (h + 2 * ph - kh) / sh + 1; }

    public int wOut() { return (w + 2 * pw - kw) / sw + 1; }

    public long dIn() { return (long) h * w * ci; }

    public long dOut() { return (long) hOut() * wOut() * co; }

    public long weightCount() { return (long) co * ci * kh * kw; }

    public long trainableParams() { return weightCount() + (bias ? co : 0); }

    /** Rows of the padded input below the last window: never read (frameworks floor silently). */
    public int unreadPaddedRows() { return (h + 2 * ph - kh) % sh; }

    public int unreadPaddedCols() { return (w + 2 * pw - kw) % sw; }

    /** Rows of the real image (not padding) that no output reads. */
    public int unreadInputRows() { return Math.max(0, unreadPaddedRows() - ph); }

    public int unreadInputCols() { return Math.max(0, unreadPaddedCols() - pw); }

    public int inIndex(int i, int j, int c) {
        return switch (order) {
            case HWC -> (i * w + j) * ci + c;
            case CHW -> c * h * w + i * w + j;
            case PATCH -> ((i / kh) * (w / kw) + j / kw) * (kh * kw * ci) + ((i % kh) * kw + j % kw) * ci + c;
        };
    }

    public int outIndex(int u, int v, int o) {
        return order.outputChannelsLast() ? (u * wOut() + v) * co + o : o * hOut() * wOut() + u * wOut() + v;
    }

    /** (i, j, c) of an input index. */
    public int[] inPosition(long index) {
        int k = (int) index;
        return switch (order) {
            case HWC -> new int[]{k / ci / w, (k / ci) % w, k % ci};
            case CHW -> new int[]{(k / w) % h, k % w, k / (h * w)};
            case PATCH -> {
                int patchSize = kh * kw * ci, patch = k / patchSize, within = k % patchSize, ab = within / ci;
                yield new int[]{(patch / (w / kw)) * kh + ab / kw, (patch % (w / kw)) * kw + ab % kw, within % ci};
            }
        };
    }

    /** (u, v, o) of an output index. */
    public int[] outPosition(long index) {
        int k = (int) index, ho = hOut(), wo = wOut();
        if (order.outputChannelsLast()) return new int[]{k / co / wo, (k / co) % wo, k % co};
        return new int[]{(k / wo) % ho, k % wo, k / (ho * wo)};
    }

    /** Flat index of W[o, c, a, b] (row-major over (c_o, c_i, k_h, k_w)). */
    public int weightIndex(int o, int c, int a, int b) {
        return ((o * ci + c) * kh + a) * kw + b;
    }

    /** (o, c, a, b) of a flat weight index. */
    public int[] weightPosition(int index) {
        return new int[]{index / (kw * kh * ci), (index / (kw * kh)) % ci, (index / kw) % kh, index % kw};
    }

    /** Number of output rows u whose window row a lands inside the image. */
    public int rowsReading(int a) {
        int n = 0;
        for (int u = 0, ho = hOut(); u < ho; u++) {
            int i = u * sh + a - ph;
            if (i >= 0 && i < h) n++;
        }
        return n;
    }

    public int colsReading(int b) {
        int n = 0;
        for (int v = 0, wo = wOut(); v < wo; v++) {
            int j = v * sw + b - pw;
            if (j >= 0 && j < w) n++;
        }
        return n;
    }

    /** Exact number of structural non-zeros of A, padding included: Σ_a Σ_b (rows reading a)(cols reading b)·c_i·c_o. */
    public long nnz() {
        long ra = 0, cb = 0;
        for (int a = 0; a < kh; a++) ra += rowsReading(a);
        for (int b = 0; b < kw; b++) cb += colsReading(b);
        return ra * cb * ci * co;
    }

    public double density() {
        return nnz() / ((double) dIn() * (double) dOut());
    }

    /** The no-padding density formula k_h·k_w / (h·w) (exact when ph = pw = 0). */
    public double densityFormula() {
        return (double) kh * kw / ((double) h * w);
    }
}
