package glassbox.app;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The window's labels read as the figures do: no markup left in tooltips and accessible text. */
class MarkupTest {
    @Test
    void scriptsBecomeUnicodeWhereEveryCharacterHasOne() {
        assertEquals("‖Wₕᵀ⁻¹ Wₓ‖ (x₁ → y_T)", Markup.plain("‖W_h^{T−1} W_x‖ (x_1 → y_T)"));
        assertEquals("Critical σₖ, σₖ₊₁", Markup.plain("Critical σ_k, σ_{k+1}"));
        assertEquals("Kernel width k_w", Markup.plain("Kernel width k_w"), "no subscript w in Unicode: kept as written");
        assertEquals("d_(model)", Markup.plain("d_{model}"));
        assertEquals("L = ½(h_T − y)²", Markup.plain("L = ½(h_T − y)²"));
    }

    @Test
    void wordsAndNumbersStayReadable() {
        assertEquals("contributions_log10 keeps the exponent", Markup.plain("contributions_log10 keeps the exponent"));
        assertEquals("beyond 1.8·10³⁰⁸", Markup.plain("beyond 1.8e308"));
        assertEquals("State size n (random)", Markup.plain("State size n (random)"));
        assertEquals("0x3E9F3334", Markup.plain("0x3E9F3334"), "a float's bits are not a number in e-notation");
    }
}
