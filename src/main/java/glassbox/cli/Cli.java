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
import picocli.AutoComplete;
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
 * The command line: presets, export, bench, help. A user's mistake is one line on stderr and exit
 * status 2, never a stack trace, and every message names the help that answers it.
 */
@Command(name = "glassbox", mixinStandardHelpOptions = true, version = "Glassbox 0.1.0",
        description = "Glassbox: neural-network mechanics made visible. Without a command, opens the window.",
        footer = {"", "Every command has --help: glassbox export --help lists the labs, glassbox export conv --help"
                + " lists conv's parameters with their ranges and defaults.",
                "Shell completion (bash, zsh): source <(glassbox generate-completion)"},
        subcommands = {Cli.PresetsCmd.class, Cli.ExportCmd.class, BenchCmd.class, CommandLine.HelpCommand.class,
                AutoComplete.GenerateCompletion.class})
public final class Cli {
    static final int USAGE = 2;

    /** Runs the command line; returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine cl = commandLine();
        PrintWriter o = new PrintWriter(out, true), e = new PrintWriter(err, true);
        cl.setOut(o);
        cl.setErr(e);
        cl.setParameterExceptionHandler((ex, a) -> {
            e.println("glassbox: " + parseError(ex));
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

    /** The whole command tree: export has one subcommand per lab, so each lab has its own --help. */
    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Cli());
        cl.getSubcommands().get("generate-completion").getCommandSpec().usageMessage().hidden(false)
                .description("Prints a bash/zsh completion script: source <(glassbox generate-completion)");
        CommandLine export = cl.getSubcommands().get("export");
        for (Lab<?> lab : Labs.all()) {
            CommandLine sub = new CommandLine(new LabExportCmd(lab));
            sub.getCommandSpec().usageMessage()
                    .description(lab.title() + ".",
                            "Writes the lab's figures (PNG, SVG) and numbers (JSON); without --png, --svg or --json"
                                    + " prints its readouts.")
                    .footerHeading("%nParameters (--set KEY=VALUE), as the window's controls:%n")
                    .footer(LabHelp.footer(lab));
            export.addSubcommand(lab.id(), sub);
        }
        return cl;
    }

    /** A parse error in one line, with picocli's suggestions and the exact help command that applies. */
    static String parseError(CommandLine.ParameterException ex) {
        String msg = ex.getMessage();
        boolean inExport = ex.getCommandLine().getCommandSpec().userObject() instanceof ExportCmd;
        if (inExport && ex instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()
                && !u.getUnmatched().get(0).startsWith("-")) {
            msg = "unknown lab '" + u.getUnmatched().get(0) + "'; allowed: " + String.join(", ", Labs.all().stream().map(Lab::id).toList());
        } else if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
            List<String> s = u.getSuggestions();
            msg += "; did you mean " + String.join(" or ", s.subList(0, Math.min(3, s.size()))) + "?";
        }
        return msg + " (see " + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help)";
    }

    /** A mistake that is not about a parameter (a file that cannot be written, say). */
    static final class UserError extends RuntimeException {
        UserError(String message) { super(message); }
    }

    @Command(name = "presets", mixinStandardHelpOptions = true,
            description = "Lists every preset (or one lab's) with its lab and one line of description.")
    static final class PresetsCmd implements Callable<Integer> {
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Parameters(arity = "0..1", paramLabel = "LAB", description = "Only this lab's presets (conv, ssm, ...).")
        String lab;

        @Override public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            List<Lab<?>> labs = lab == null ? Labs.all() : List.of(Labs.get(lab));
            for (Lab<?> l : labs) {
                for (Preset p : l.presets()) {
                    out.printf("%-16s %-26s %s%n", l.id(), p.name(), p.description());
                }
            }
            return 0;
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Computes a lab and writes its figures (PNG, SVG) and its numbers (JSON).",
            footer = {"", "Each lab's parameters, ranges and defaults: glassbox export LAB --help",
                    "Example: glassbox export conv --preset resnet-stem --png stem.png"})
    static final class ExportCmd implements Callable<Integer> {
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Override public Integer call() {
            throw new CommandLine.ParameterException(spec.commandLine(), "Missing lab: one of "
                    + String.join(", ", Labs.all().stream().map(Lab::id).toList()));
        }
    }

    /** What every lab's export takes besides its own parameters. */
    static final class ExportOptions {
        @Option(names = "--preset", paramLabel = "NAME", description = "Start from this preset of the lab (glassbox presets LAB).")
        String preset;

        @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Set a parameter (repeatable; keys below).")
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

        @Option(names = "--backend", paramLabel = "B", description = "cpu (ND4J, default), cuda, or java. Plain Java"
                + " when ND4J cannot start on this machine.")
        String backend = "cpu";
    }

    /** {@code glassbox export LAB}: one per lab, so that {@code export LAB --help} lists that lab's keys. */
    @Command(mixinStandardHelpOptions = true, sortOptions = false)
    static final class LabExportCmd implements Callable<Integer> {
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;
        @CommandLine.Mixin ExportOptions o = new ExportOptions();
        private final Lab<?> lab;

        LabExportCmd(Lab<?> lab) { this.lab = lab; }

        @Override public Integer call() {
            Values v = values(lab, o.preset, o.sets);
            if (o.scale < 1 || o.scale > 3) throw new ParamException("--scale", Integer.toString(o.scale), "allowed: 1, 2 or 3");
            List<Output> outputs = outputs(o);
            int[] wh = parseSize(o.size);
            Backend wanted = Backend.parse(o.backend);
            Backend b = Nd4jRuntime.orPlain(wanted, msg -> spec.commandLine().getErr().println("glassbox: " + msg));
            Computed c = Computed.completed(lab, v, b);
            PrintWriter out = spec.commandLine().getOut();
            Style style = Style.DEFAULT.withFormulas(!o.noFormulas).withDark(o.dark);
            if (o.png == null && o.json == null && o.svg == null) {
                for (Readout r : c.readouts()) out.println(r.label() + ": " + r.value());
            }
            List<String> wrote = new ArrayList<>();
            for (Output w : outputs) {
                try {
                    switch (w.option()) {
                        case "--json" -> Json.write(w.file(), c.json());
                        case "--png" -> {
                            java.awt.image.BufferedImage img = Png.board(c.figures(), wh[0], wh[1], o.scale, style, null);
                            wh[1] = img.getHeight() / o.scale; // taller when the figures need the room (the board grows, never cuts)
                            Png.write(w.file(), img);
                        }
                        default -> glassbox.render.Svg.write(w.file(), glassbox.render.Svg.board(c.figures(), wh[0], wh[1], style, null));
                    }
                } catch (IOException e) {
                    String why = e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                            : e instanceof java.nio.file.NoSuchFileException ? "its folder does not exist"
                            : e.getMessage() == null ? e.toString() : e.getMessage();
                    throw new UserError("cannot write " + w.option() + " " + w.file() + ": " + why
                            + (wrote.isEmpty() ? "" : " (" + String.join(" and ", wrote) + " written)"));
                }
                wrote.add(w.option() + " " + w.file());
                out.println("wrote " + w.file() + (w.option().equals("--png") ? " (" + (wh[0] * o.scale) + "x" + (wh[1] * o.scale) + ")" : ""));
            }
            return 0;
        }
    }

    /** One file to write and the option that named it. */
    record Output(String option, Path file) {}

    /**
     * The files asked for, checked before anything is computed: a name is given, is not a folder, its folder
     * exists and can be written, and no two options name the same file (the second would overwrite the first).
     */
    static List<Output> outputs(ExportOptions o) {
        List<Output> out = new ArrayList<>();
        String[] names = {"--json", "--png", "--svg"};
        Path[] files = {o.json, o.png, o.svg};
        for (int k = 0; k < names.length; k++) {
            Path f = files[k];
            if (f == null) continue;
            String option = names[k];
            if (f.toString().isBlank()) throw new ParamException(option, "\"\"", "a file name is needed, e.g. " + option + " out" + option.replace("--", "."));
            Path abs = f.toAbsolutePath().normalize();
            if (java.nio.file.Files.isDirectory(abs) || abs.getFileName() == null) {
                throw new ParamException(option, f.toString(), "is a folder; give a file name inside it, e.g. " + f.resolve("out" + option.replace("--", ".")));
            }
            Path dir = abs.getParent();
            if (!java.nio.file.Files.isDirectory(dir)) throw new ParamException(option, f.toString(), "the folder " + dir + " does not exist");
            if (!java.nio.file.Files.isWritable(dir)) throw new ParamException(option, f.toString(), "the folder " + dir + " cannot be written (permission denied)");
            for (Output before : out) {
                if (before.file().toAbsolutePath().normalize().equals(abs)) {
                    throw new ParamException(option, f.toString(), "is also the " + before.option() + " file; give each output its own file");
                }
            }
            out.add(new Output(option, f));
        }
        return out;
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
