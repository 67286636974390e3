package glassbox.app;

import glassbox.core.Preset;
import glassbox.render.Lab;
import glassbox.render.Labs;
import javafx.scene.control.ListView;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.util.concurrent.ExecutorService;

import static org.junit.jupiter.api.Assertions.*;

/** Each lab keeps its settings for the session and in the saved session, until reset; the Ctrl+O chooser lists titles. */
@ExtendWith(ApplicationExtension.class)
class LabStateUiTest {
    @TempDir static Path config;
    private MainWindow window;
    private ExecutorService worker;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        worker = GlassboxApp.computeThread();
        window = WindowTests.open(stage, worker, AppConfig.load(config), 1400, 900);
    }

    private void settle() throws Exception {
        WindowTests.settle(worker);
    }

    private void select(FxRobot robot, Lab<?> lab) throws Exception {
        robot.interact(() -> window.selectLab(lab));
        settle();
        assertSame(lab, window.viewModel().labProperty().get());
    }

    @Test
    void aFocusedFieldDoesNotSendItsValueToTheNextLab(FxRobot robot) throws Exception {
        settle();
        Lab<?> shapes = Labs.get("cnn-shapes"), decoding = Labs.get("decoding");
        select(robot, shapes);
        javafx.scene.control.TextField input = robot.lookup(n -> n instanceof javafx.scene.control.TextField f
                && "Input C,H,W".equals(f.getAccessibleText())).queryAs(javafx.scene.control.TextField.class);
        robot.interact(input::requestFocus);
        assertTrue(input.isFocused());
        java.util.List<String> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        robot.interact(() -> window.viewModel().errorProperty().addListener((o, a, b) -> { if (b != null && !b.isEmpty()) errors.add(b); }));
        // What a lecturer's Ctrl+8 does: the lab switches while the field still has focus, which then leaves it.
        robot.interact(() -> window.selectLab(decoding));
        settle();
        assertSame(decoding, window.viewModel().labProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(java.util.List.of(), errors, "no error from the old lab's field");
    }

    @Test
    void switchingLabsKeepsEachLabsSettingsUntilReset(FxRobot robot) throws Exception {
        settle();
        Lab<?> conv = Labs.get("conv"), ssm = Labs.get("ssm");
        select(robot, conv);
        robot.interact(() -> { assertTrue(window.viewModel().set("h", "9")); assertTrue(window.viewModel().set("co", "3")); });
        settle();
        var convValues = window.viewModel().valuesProperty().get();
        select(robot, ssm);
        robot.interact(() -> assertTrue(window.viewModel().set("L", "100")));
        settle();
        select(robot, conv);
        assertEquals(convValues, window.viewModel().valuesProperty().get(), "conv kept its settings");
        assertEquals(9, window.viewModel().valuesProperty().get().i("h"));

        // Saved and read back by a new window: both labs as they were.
        robot.interact(window::saveLastSession);
        ExecutorService worker2 = GlassboxApp.computeThread();
        MainWindow[] second = new MainWindow[1];
        robot.interact(() -> {
            second[0] = new MainWindow(new LabViewModel(worker2, javafx.application.Platform::runLater), AppConfig.load(config));
            second[0].viewModel().setBackend(glassbox.core.Backend.PLAIN);
            second[0].restoreLastSession();
        });
        WindowTests.settle(worker2);
        assertEquals(convValues, second[0].viewModel().valuesProperty().get());
        robot.interact(() -> second[0].selectLab(ssm));
        WindowTests.settle(worker2);
        assertEquals(100, second[0].viewModel().valuesProperty().get().i("L"), "ssm's state came back with the session");
        worker2.shutdownNow();

        // Reset forgets a lab's state.
        robot.interact(window::resetLab);
        settle();
        assertEquals(conv.defaults(), window.viewModel().valuesProperty().get());
        select(robot, ssm);
        select(robot, conv);
        assertEquals(conv.defaults(), window.viewModel().valuesProperty().get(), "reset is not undone by switching");
    }

    @SuppressWarnings("unchecked")
    @Test
    void thePresetChooserListsTitlesTheCurrentLabsFirstAndSearches(FxRobot robot) throws Exception {
        settle();
        Lab<?> ssm = Labs.get("ssm");
        select(robot, ssm);
        javafx.application.Platform.runLater(window::choosePreset);
        WaitForAsyncUtils.waitForFxEvents();
        ListView<Preset> list = robot.lookup(n -> n instanceof ListView && "Presets".equals(((ListView<?>) n).getAccessibleText())).queryAs(ListView.class);
        assertEquals(ssm.presets().get(0), list.getItems().get(0), "the current lab's presets come first");
        assertEquals(ssm.presets(), list.getItems().subList(0, ssm.presets().size()));
        int all = Labs.all().stream().mapToInt(l -> l.presets().size()).sum();
        assertEquals(all, list.getItems().size(), "every lab's presets are listed");
        // Cells show the title and the description, not the record.
        var cellTexts = robot.lookup(".preset-title").queryAll().stream().map(n -> ((javafx.scene.control.Label) n).getText()).toList();
        assertTrue(cellTexts.contains(ssm.presets().get(0).title()), cellTexts.toString());
        assertTrue(cellTexts.stream().noneMatch(t -> t.contains("Preset[")), cellTexts.toString());
        assertTrue(robot.lookup(".preset-description").queryAll().stream()
                .anyMatch(n -> ((javafx.scene.control.Label) n).getText().equals(ssm.presets().get(0).description())));
        // Searching narrows the list to the matching presets.
        Preset target = Labs.get("conv").presets().get(Labs.get("conv").presets().size() - 1);
        robot.interact(() -> robot.lookup(n -> n instanceof javafx.scene.control.TextField
                && "Search presets".equals(((javafx.scene.control.TextField) n).getAccessibleText())).queryAs(javafx.scene.control.TextField.class)
                .setText(target.title()));
        assertTrue(list.getItems().contains(target));
        assertTrue(list.getItems().size() < all);
        assertEquals(target.title(), list.getItems().stream().filter(p -> p == target).findFirst().orElseThrow().title());
        robot.interact(() -> list.getSelectionModel().select(target));
        robot.push(javafx.scene.input.KeyCode.ENTER);
        settle();
        assertSame(Labs.get("conv"), window.viewModel().labProperty().get(), "Enter opened the chosen preset");
        assertSame(target, window.presetShown(), "the Preset box names it");
        assertTrue(stage.isShowing());
    }
}
