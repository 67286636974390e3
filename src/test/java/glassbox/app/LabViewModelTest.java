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
