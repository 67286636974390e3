package glassbox;

import glassbox.core.Nd4jRuntime;

/**
 * Entry point of glassbox.jar: with a command (presets, export, bench) it runs the command line and
 * needs no display; with none it opens the window.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        Nd4jRuntime.defaultCacheDirs();
        if (args.length == 0) {
            glassbox.app.GlassboxApp.launchApp(args);
        } else {
            System.exit(glassbox.cli.Cli.run(args, System.out, System.err));
        }
    }
}
