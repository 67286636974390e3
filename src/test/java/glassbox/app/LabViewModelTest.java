package glassbox.app;

import glassbox.core.Backend;
import glassbox.render.Labs;
import glassbox.render.conv.ConvLab;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** The view-model with synchronous executors: property changes in, frames and numbers out. */
class LabViewModelTest {

    private LabViewModel vm() {
        LabViewModel vm = new LabViewModel(Runnable::run, Runnable::run);
        vm.setBackend(Backend.PLAIN);
        vm.setSize(800, 600);
        vm.open(Labs.get("conv"));
        return vm;
    }

    /** issue 18 §2: typing a matrix moves the values the user did not set, and the controls show what was used. */
    @Test
    void valuesTheUserDidNotSetFollowTheTypedDataAndShowWhatTheyTook() {
        LabViewModel vm = vm();
        vm.openPreset(Labs.get("attention").presets().stream().filter(p -> p.name().equals("dedupe-sort")).findFirst().orElseThrow());
        assertEquals(5, vm.valuesProperty().get().i("row"));
        assertTrue(vm.set("tokens", "A B <START>"));
        assertEquals("", vm.errorProperty().get());
        assertEquals(3, vm.valuesProperty().get().i("row"), "the row followed T = 3");
        assertFalse(vm.valuesProperty().get().isSet("row"));
        assertEquals("", vm.valuesProperty().get().s("loss_positions"), "positions 5 6 7 no longer exist");
        // A row the user sets is refused by its name, and the last good figure stays.
        var before = vm.frameProperty().get();
        assertTrue(vm.set("row", "7"));
        assertTrue(vm.errorProperty().get().startsWith("row = 7"), vm.errorProperty().get());
        assertSame(before, vm.frameProperty().get());
    }

    @Test
    void changingAParameterRecomputesAndUpdatesReadouts() {
        LabViewModel vm = vm();
        assertNotNull(vm.frameProperty().get());
        assertTrue(vm.set("co", "5"));
        assertEquals(5, vm.valuesProperty().get().i("co"));
        assertTrue(vm.readoutsProperty().get().stream().anyMatch(r -> r.label().startsWith("Output size") && r.value().endsWith("× 5")));
        assertEquals(800, vm.frameProperty().get().image().getWidth());
    }

    @Test
    void aBadValueKeepsTheLastGoodFigureAndSaysWhy() {
        LabViewModel vm = vm();
        var before = vm.frameProperty().get();
        assertFalse(vm.set("h", "0"));
        assertTrue(vm.errorProperty().get().startsWith("h = 0"), vm.errorProperty().get());
        assertSame(before, vm.frameProperty().get());
        // A combination that only the computation can refuse (kernel larger than the padded input).
        assertTrue(vm.set("kh", "64"));
        assertTrue(vm.errorProperty().get().contains("larger than the padded input"), vm.errorProperty().get());
        assertSame(before, vm.frameProperty().get());
        assertTrue(vm.set("kh", "3"));
        assertEquals("", vm.errorProperty().get());
    }

    @Test
    void pointingOnlyRedrawsWithoutRecomputing() {
        LabViewModel vm = vm();
        var computed = vm.frameProperty().get().computed();
        vm.setHighlight(new ConvLab.Highlight(3, -1, -1));
        assertSame(computed, vm.frameProperty().get().computed());
        assertFalse(vm.frameProperty().get().recomputed());
    }

    @Test
    void presetsSwitchLabValues() {
        LabViewModel vm = vm();
        vm.openPreset(Labs.get("conv").presets().stream().filter(p -> p.name().equals("exam-output-size")).findFirst().orElseThrow());
        assertEquals(128, vm.valuesProperty().get().i("h"));
        assertTrue(vm.readoutsProperty().get().stream().anyMatch(r -> r.value().equals("126 × 42 × 1")));
    }
}
