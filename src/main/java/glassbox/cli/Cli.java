package glassbox.cli;

import glassbox.core.Backend;
import glassbox.core.Fmt;
import glassbox.core.Json;
import glassbox.core.Nd4jRuntime;
import glassbox.core.ParamException;
import glassbox.core.Preset;
import glassbox.core.Readout;
import glassbox.core.Values;
import glassbox.render.Computed;
import glassbox.render.Lab;
import glassbox.render.Labs;
import glassbox.render.Png;
import glassbox.render.Style;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The command line: presets, export, bench. A user's mistake is one line on stderr and exit
 * status 2, never a stack trace.
 */
@Command(name = "glassbox", mixinStandardHelpOptions = true, version = "Glassbox 0.1.0",
        description = "Glassbox: neural-network mechanics made visible. Without a command, opens the window.",
        subcommands = {Cli.PresetsCmd.class, Cli.ExportCmd.class, BenchCmd.class})
public final class Cli {
    static final int USAGE = 2;

    /** Runs the command line; returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine cl = new CommandLine(new Cli());
        PrintWriter o = new PrintWriter(out, true), e = new PrintWriter(err, true);
        cl.setOut(o);
        cl.setErr(e);
        cl.setParameterExceptionHandler((ex, a) -> {
            e.println("glassbox: " + ex.getMessage() + " (see glassbox " + (ex.getCommandLine().getCommandName()) + " --help)");
            return USAGE;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof ParamException || ex instanceof UserError) {
                e.println("glassbox: " + ex.getMessage());
                return USAGE;
            }
            e.println("glassbox: internal error: " + ex);
            return 1;
        });
        return cl.execute(args);
    }

    /** A mistake that is not about a parameter (a file that cannot be written, say). */
    static final class UserError extends RuntimeException {
        UserError(String message) { super(message); }
    }

    @Command(name = "presets", description = "Lists every preset with its lab and one line of description.")
    static final class PresetsCmd implements Callable<Integer> {
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Override public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            for (Lab<?> lab : Labs.all()) {
                for (Preset p : lab.presets()) {
                    out.printf("%-16s %-26s %s%n", lab.id(), p.name(), p.description());
                }
            }
            return 0;
        }
    }

    @Command(name = "export", description = "Computes a lab and writes its figure (PNG) and its numbers (JSON).")
    static final class ExportCmd implements Callable<Integer> {
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "LAB", description = "conv, ssm, ... (see `presets`)")
        String lab;

        @Option(names = "--preset", paramLabel = "NAME", description = "Start from this preset of the lab.")
        String preset;

        @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Set a parameter (repeatable).")
        List<String> sets = new ArrayList<>();

        @Option(names = "--png", paramLabel = "FILE", description = "Write the figures as PNG.")
        Path png;

        @Option(names = "--json", paramLabel = "FILE", description = "Write parameters, inputs and every number as JSON.")
        Path json;

        @Option(names = "--svg", paramLabel = "FILE", description = "Write the figures as SVG (vector).")
        Path svg;

        @Option(names = "--no-formulas", description = "Leave the typeset formulas out of the figure.")
        boolean noFormulas;

        @Option(names = "--dark", description = "Dark figure theme.")
        boolean dark;

        @Option(names = "--scale", paramLabel = "S", description = "PNG scale: 1, 2 or 3 (default 1).")
        int scale = 1;

        @Option(names = "--size", paramLabel = "WxH", description = "Logical size of the figure board (default 1200x800).")
        String size = "1200x800";

        @Option(names = "--backend", paramLabel = "B", description = "cpu (ND4J, default), cuda, or java.")
        String backend = "cpu";

        @Override public Integer call() {
            Lab<?> l = Labs.get(lab);
            Values v = values(l, preset, sets);
            if (scale < 1 || scale > 3) throw new ParamException("--scale", Integer.toString(scale), "allowed: 1, 2 or 3");
            int[] wh = parseSize(size);
            Backend wanted = Backend.parse(backend);
            Backend b = wanted == Backend.PLAIN ? Backend.PLAIN : Nd4jRuntime.require();
            Computed c = Computed.compute(l, v, b);
            PrintWriter out = spec.commandLine().getOut();
            Style style = Style.DEFAULT.withFormulas(!noFormulas).withDark(dark);
            if (png == null && json == null && svg == null) {
                for (Readout r : c.readouts()) out.println(r.label() + ": " + r.value());
            }
            try {
                if (json != null) Json.write(json, c.json());
                if (png != null) Png.write(png, Png.board(c.figures(), wh[0], wh[1], scale, style, null));
                if (svg != null) glassbox.render.Svg.write(svg, glassbox.render.Svg.board(c.figures(), wh[0], wh[1], style, null));
            } catch (IOException e) {
                throw new UserError("cannot write " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            }
            if (json != null) out.println("wrote " + json);
            if (png != null) out.println("wrote " + png + " (" + (wh[0] * scale) + "x" + (wh[1] * scale) + ")");
            if (svg != null) out.println("wrote " + svg);
            return 0;
        }
    }

    /**
     * Preset settings first, then each --set in order; unknown keys and bad values are refused. Only the --set
     * values count as set by the user: the preset's dependent values follow the data (docs/LABS.md).
     */
    static Values values(Lab<?> lab, String preset, List<String> sets) {
        Map<String, String> settings = new LinkedHashMap<>();
        Values base = lab.defaults();
        if (preset != null) {
            Preset p = lab.presets().stream().filter(x -> x.name().equals(preset)).findFirst()
                    .orElseThrow(() -> new ParamException("--preset", preset, "unknown preset of lab " + lab.id() + "; allowed: "
                            + String.join(", ", lab.presets().stream().map(Preset::name).toList())));
            base = Values.preset(lab.params(), p.settings());
        }
        for (String s : sets) {
            int eq = s.indexOf('=');
            if (eq <= 0) throw new ParamException("--set", s, "expected KEY=VALUE, e.g. --set h=8");
            settings.put(s.substring(0, eq).trim(), s.substring(eq + 1));
        }
        return base.with(settings);
    }

    static int[] parseSize(String size) {
        String[] p = size.toLowerCase(java.util.Locale.ROOT).split("x");
        try {
            int w = Integer.parseInt(p[0].trim()), h = Integer.parseInt(p[1].trim());
            if (p.length == 2 && w >= 200 && h >= 150 && w <= 4000 && h <= 4000) return new int[]{w, h};
        } catch (RuntimeException ignored) {
            // reported below
        }
        throw new ParamException("--size", size, "expected WIDTHxHEIGHT between 200x150 and 4000x4000, e.g. 1200x800");
    }

    static String ms(double v) {
        return Fmt.ms(v);
    }
}
