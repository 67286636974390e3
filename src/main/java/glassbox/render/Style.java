package glassbox.render;

import java.awt.Color;
import java.awt.Font;
import java.util.Map;

/**
 * How figures are drawn: colours, font size and the palettes. The window and the export pass the
 * same style, so an exported figure is what the user saw.
 */
public record Style(boolean dark, double fontScale, String magnitudePalette, String signedPalette,
                    boolean formulas, Map<String, String> figurePalettes) {

    public static final Style DEFAULT = new Style(false, 1.0, "viridis", "diverging", true, Map.of());

    public Style {
        figurePalettes = Map.copyOf(figurePalettes);
    }

    public Style(boolean dark, double fontScale, String magnitudePalette, String signedPalette) {
        this(dark, fontScale, magnitudePalette, signedPalette, true, Map.of());
    }

    /**
     * The style one figure is drawn with: a palette chosen for that figure (by its title) replaces
     * the magnitude map (viridis, cividis), the signed map (diverging), or both (grey, for printing).
     */
    public Style forFigure(String title) {
        String p = figurePalettes.get(title);
        if (p == null) return this;
        String mag = magnitudePalette, sig = signedPalette;
        if (p.equals("grey")) { mag = "grey"; sig = "grey"; }
        else if (Palette.SIGNED.contains(p)) sig = p;
        else mag = p;
        return new Style(dark, fontScale, mag, sig, formulas, Map.of());
    }

    public Style withFigurePalette(String title, String palette) {
        Map<String, String> m = new java.util.HashMap<>(figurePalettes);
        if (palette == null) m.remove(title); else m.put(title, palette);
        return new Style(dark, fontScale, magnitudePalette, signedPalette, formulas, m);
    }

    public Style withFormulas(boolean f) { return new Style(dark, fontScale, magnitudePalette, signedPalette, f, figurePalettes); }

    public Style withPalettes(String magnitude, String signed) { return new Style(dark, fontScale, magnitude, signed, formulas, figurePalettes); }

    public Color background() { return dark ? new Color(0x1e1f22) : Color.WHITE; }

    public Color foreground() { return dark ? new Color(0xe8e8e8) : new Color(0x202020); }

    public Color muted() { return dark ? new Color(0xa0a0a0) : new Color(0x666666); }

    public Color grid() { return dark ? new Color(0x3a3c40) : new Color(0xe4e4e4); }

    public Color highlight() { return dark ? new Color(0xffd84d) : new Color(0xff3b00); }

    /**
     * The dark edge drawn under a highlight outline, so the outline stands out on every palette (the
     * orange-red highlight on the red half of the diverging map, the yellow one on viridis' yellow).
     */
    public Color highlightEdge() { return dark ? Color.BLACK : new Color(0x101010); }

    public Color masked() { return dark ? new Color(0x4a4a4a) : new Color(0xd9d9d9); }

    public Color hatch() { return dark ? new Color(0x8a8a8a) : new Color(0x9a9a9a); }

    /** Distinct, colour-blind-aware line colours (Okabe–Ito). */
    public Color series(int i) {
        int[] okabeIto = {0x0072B2, 0xE69F00, 0x009E73, 0xCC79A7, 0x56B4E9, 0xD55E00, 0xF0E442, 0x000000};
        int c = okabeIto[Math.floorMod(i, okabeIto.length)];
        if (dark && c == 0x000000) c = 0xFFFFFF;
        return new Color(c);
    }

    public Font font() { return new Font(Font.SANS_SERIF, Font.PLAIN, size(13)); }

    public Font small() { return new Font(Font.SANS_SERIF, Font.PLAIN, size(11)); }

    public Font title() { return new Font(Font.SANS_SERIF, Font.BOLD, size(15)); }

    public int size(double base) { return (int) Math.round(base * fontScale); }

    /** The smallest text any figure may draw under this style, in logical pixels (the audit checks it). */
    public double minText() { return size(10); }

    /** The smallest side of a plot area under this style (the audit checks it). */
    public int minPlot() { return size(80); }

    /** Line widths grow with the type (presentation mode's 1.8× gives 1.8× lines on a projector). */
    public float lineScale() { return (float) Math.max(1, fontScale); }

    /** A stroke of the given base width, scaled with the type. */
    public java.awt.BasicStroke stroke(float base) { return new java.awt.BasicStroke(base * lineScale()); }

    public Palette magnitude() { return Palette.get(magnitudePalette); }

    /** The signed map; in the dark theme the diverging map's zero is dark (a white zero outshone every value). */
    public Palette signed() { return Palette.get(dark && signedPalette.equals("diverging") ? "diverging-dark" : signedPalette); }

    public Style withFontScale(double s) { return new Style(dark, s, magnitudePalette, signedPalette, formulas, figurePalettes); }

    public Style withDark(boolean d) { return new Style(d, fontScale, magnitudePalette, signedPalette, formulas, figurePalettes); }
}
