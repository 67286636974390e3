package glassbox.app;

import glassbox.render.Board;
import glassbox.render.FrameRenderer;
import glassbox.render.Lab;
import glassbox.render.Labs;
import glassbox.render.Lesson;
import glassbox.render.Palette;
import glassbox.render.Style;
import javafx.application.Platform;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The window's menus, their shortcuts, and the figures' context menu. Actions are the window's. */
final class MainMenus {
    private final MainWindow w;
    private final LabViewModel vm;
    private final Menu recentMenu = new Menu("Recent sessions");
    final CheckMenuItem formulasItem = new CheckMenuItem("Formulas under the figures");
    final CheckMenuItem presentItem = new CheckMenuItem("Presentation mode");

    MainMenus(MainWindow w) {
        this.w = w;
        this.vm = w.viewModel();
    }

    static MenuItem item(String text, KeyCombination key, Runnable action) {
        MenuItem m = new MenuItem(text);
        // Literal text: a recent file "my_session.json" or an action naming W_O keeps its underscore (no item has a mnemonic).
        m.setMnemonicParsing(false);
        if (key != null) m.setAccelerator(key);
        m.setOnAction(e -> action.run());
        return m;
    }

    private static KeyCombination shortcut(KeyCode k, KeyCombination.Modifier... more) {
        List<KeyCombination.Modifier> mods = new ArrayList<>(List.of(KeyCombination.SHORTCUT_DOWN));
        mods.addAll(List.of(more));
        return new KeyCodeCombination(k, mods.toArray(KeyCombination.Modifier[]::new));
    }

    MenuBar bar() {
        Exporter ex = w.exporter();
        LessonPlayer lessons = w.lessons();
        MenuItem openPreset = item("Open preset…", shortcut(KeyCode.O), w::choosePreset);
        MenuItem exportPng = item("Export figure as PNG…", shortcut(KeyCode.E), ex::exportPng);
        MenuItem exportJson = item("Export data as JSON…", shortcut(KeyCode.J), ex::exportJson);
        MenuItem exportSvg = item("Export figure as SVG…", shortcut(KeyCode.E, KeyCombination.SHIFT_DOWN), ex::exportSvg);
        MenuItem copy = item("Copy figure", shortcut(KeyCode.C, KeyCombination.SHIFT_DOWN), w::copyFigure);
        MenuItem openSession = item("Open session…", shortcut(KeyCode.O, KeyCombination.SHIFT_DOWN), w::openSession);
        MenuItem saveSession = item("Save session…", shortcut(KeyCode.S), w::saveSession);
        updateRecent();
        MenuItem reset = item("Reset lab to defaults", shortcut(KeyCode.R), w::resetLab);
        MenuItem quit = item("Quit", shortcut(KeyCode.Q), () -> { w.saveLastSession(); Platform.exit(); });
        Menu file = new Menu("_File", null, openPreset, openSession, saveSession, recentMenu, new SeparatorMenuItem(),
                exportPng, exportSvg, exportJson, copy, new SeparatorMenuItem(), reset, new SeparatorMenuItem(), quit);

        MenuItem bigger = item("Larger figure text", shortcut(KeyCode.EQUALS),
                () -> vm.setStyle(vm.styleProperty().get().withFontScale(Math.min(2.5, vm.styleProperty().get().fontScale() + 0.25))));
        MenuItem smaller = item("Smaller figure text", shortcut(KeyCode.MINUS),
                () -> vm.setStyle(vm.styleProperty().get().withFontScale(Math.max(0.75, vm.styleProperty().get().fontScale() - 0.25))));
        MenuItem dark = item("Dark theme on/off", shortcut(KeyCode.D), w::toggleDark);
        presentItem.setAccelerator(new KeyCodeCombination(KeyCode.F5));
        presentItem.setOnAction(e -> w.togglePresentation());
        formulasItem.setSelected(true);
        formulasItem.setAccelerator(shortcut(KeyCode.F, KeyCombination.SHIFT_DOWN));
        formulasItem.setOnAction(e -> vm.setStyle(vm.styleProperty().get().withFormulas(formulasItem.isSelected())));
        Menu magnitude = paletteMenu("Palette for magnitudes", Palette.MAGNITUDE, true);
        Menu signed = paletteMenu("Palette for signed values", Palette.SIGNED, false);
        Menu view = new Menu("_View", null, presentItem, dark, bigger, smaller, formulasItem, magnitude, signed, new SeparatorMenuItem());
        for (int k = 0; k < Math.min(9, Labs.all().size()); k++) {
            Lab<?> lab = Labs.all().get(k);
            view.getItems().add(item(lab.title(), shortcut(KeyCode.getKeyCode(Integer.toString(k + 1))), () -> w.selectLab(lab)));
        }

        MenuItem formulas = item("Formulas of this lab", new KeyCodeCombination(KeyCode.F1), w::showFormulas);
        MenuItem about = item("About Glassbox", null, w::showAbout);
        Menu help = new Menu("_Help", null, formulas, about);
        return new MenuBar(file, view, lessonsMenu(lessons), help);
    }

    private Menu lessonsMenu(LessonPlayer lessons) {
        Menu menu = new Menu("_Lessons");
        // Reading and checking every shipped lesson takes most of a second: off the FX thread, after start.
        MenuItem loading = new MenuItem("Loading lessons…");
        loading.setDisable(true);
        menu.getItems().add(loading);
        Thread loader = new Thread(() -> {
            List<Lesson> shipped = Lesson.shipped();
            Platform.runLater(() -> {
                int at = menu.getItems().indexOf(loading);
                menu.getItems().remove(loading);
                for (Lesson l : shipped) menu.getItems().add(at++, item(l.title(), null, () -> w.startLesson(l)));
            });
        }, "glassbox-lessons");
        loader.setDaemon(true);
        // Started once the window is up: on two cores it would otherwise slow the first show.
        Platform.runLater(loader::start);
        menu.getItems().addAll(new SeparatorMenuItem(),
                item("Open lesson file…", shortcut(KeyCode.L), lessons::openFile),
                item("Next step (→, Page Down, Space)", shortcut(KeyCode.RIGHT), () -> lessons.step(+1)),
                item("Previous step (←, Page Up)", shortcut(KeyCode.LEFT), () -> lessons.step(-1)),
                item("Reset step", null, lessons::resetStep),
                item("Close lesson", null, lessons::close));
        return menu;
    }

    void updateRecent() {
        AppConfig config = w.config();
        recentMenu.getItems().clear();
        for (Path p : config.recent) recentMenu.getItems().add(item(p.getFileName() + "  —  " + p.getParent(), null, () -> w.openSession(p)));
        recentMenu.setDisable(config.recent.isEmpty());
    }

    private Menu paletteMenu(String title, List<String> palettes, boolean magnitude) {
        Menu m = new Menu(title);
        ToggleGroup group = new ToggleGroup();
        for (String p : palettes) {
            RadioMenuItem r = new RadioMenuItem(p);
            r.setToggleGroup(group);
            r.setSelected(p.equals(magnitude ? Style.DEFAULT.magnitudePalette() : Style.DEFAULT.signedPalette()));
            r.setOnAction(e -> {
                Style st = vm.styleProperty().get();
                vm.setStyle(magnitude ? st.withPalettes(p, st.signedPalette()) : st.withPalettes(st.magnitudePalette(), p));
            });
            m.getItems().add(r);
        }
        return m;
    }

    /** Right-click on a figure: its own palette, copy, export. */
    ContextMenu figureMenu(double x, double y) {
        ContextMenu menu = new ContextMenu();
        FrameRenderer.Frame f = vm.frameProperty().get();
        if (f != null) {
            int i = Board.figureAt(f.figures(), f.request().width(), f.request().height(), f.request().style(), x, y);
            if (i >= 0) {
                String title = f.figures().get(i).title();
                Menu pal = new Menu("Palette for “" + title + "”");
                ToggleGroup group = new ToggleGroup();
                String current = vm.styleProperty().get().figurePalettes().get(title);
                List<String> choices = new ArrayList<>(List.of("default"));
                for (String p : Palette.MAGNITUDE) if (!choices.contains(p)) choices.add(p);
                for (String p : Palette.SIGNED) if (!choices.contains(p)) choices.add(p);
                for (String p : choices) {
                    RadioMenuItem r = new RadioMenuItem(p);
                    r.setToggleGroup(group);
                    r.setSelected(p.equals(current == null ? "default" : current));
                    r.setOnAction(e -> vm.setStyle(vm.styleProperty().get().withFigurePalette(title, p.equals("default") ? null : p)));
                    pal.getItems().add(r);
                }
                menu.getItems().add(pal);
                double bx = x, by = y;
                menu.getItems().add(item(vm.enlarged() == null ? "Enlarge “" + title + "” to the board" : "Show every figure", null, () -> w.toggleEnlarged(bx, by)));
            }
        }
        Exporter ex = w.exporter();
        menu.getItems().addAll(item("Copy figure", null, w::copyFigure), item("Export figure as PNG…", null, ex::exportPng),
                item("Export figure as SVG…", null, ex::exportSvg));
        return menu;
    }
}
