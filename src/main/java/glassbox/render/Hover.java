package glassbox.render;

/**
 * What pointing at a place in a figure means: the text to show (value and formula) and a
 * lab-specific highlight that every figure of the lab draws (cross-highlighting).
 */
public record Hover(String text, Object highlight) {}
