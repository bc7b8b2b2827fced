package dev.visor.cli;

import dev.visor.VisorException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code visor} command: a thin shell over the library, one class per subcommand. */
@Command(name = "visor", mixinStandardHelpOptions = true, version = "visor " + dev.visor.Visor.VERSION,
        description = "Shows what the units of a convolutional network have learned.",
        subcommands = {
            LayersCommand.class,
            ClassifyCommand.class,
            DemoCommand.class,
            ExportCommand.class,
            TrainCommand.class,
            EvalCommand.class,
            RenderCommand.class,
            RenderLayerCommand.class,
            FacetsCommand.class,
            AttributeCommand.class,
            ActivationsCommand.class,
            InvertCommand.class,
            ProjectCommand.class,
            SanityCommand.class,
            SanityRenderCommand.class,
            TopCommand.class,
            ProbeSetCommand.class,
            DissectCommand.class,
            ServeCommand.class,
            ReportCommand.class,
            DgnAmCommand.class,
            PpgnCommand.class,
        })
public final class VisorCli implements Runnable {
    /** Exit status for errors the user can fix. */
    public static final int USER_ERROR = 2;

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** Runs the CLI and returns its exit status (for tests). */
    public static int execute(String... args) {
        return run(new VisorCli(), args);
    }

    /** Runs a picocli command with {@code visor}'s error handling (one line and exit 2 for bad input); for other front ends. */
    public static int run(Object command, String... args) {
        CommandLine cl = new CommandLine(command);
        cl.setErr(new java.io.PrintWriter(System.err, true));
        cl.setOut(new java.io.PrintWriter(System.out, true));
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            Throwable t = ex;
            while (!(t instanceof VisorException) && t.getCause() != null && t.getCause() != t) {
                t = t.getCause();
            }
            if (t instanceof VisorException) {
                cmd.getErr().println("visor: " + t.getMessage());
                if (Boolean.getBoolean("visor.debug")) {
                    ex.printStackTrace(cmd.getErr());
                }
                return USER_ERROR;
            }
            throw ex;
        });
        cl.setParameterExceptionHandler((ex, args2) -> {
            ex.getCommandLine().getErr().println("visor: " + ex.getMessage());
            ex.getCommandLine().getErr().println("(see: visor " + ex.getCommandLine().getCommandName() + " --help)");
            return USER_ERROR;
        });
        return cl.execute(args);
    }

    /** Entry point. */
    public static void main(String[] args) {
        System.exit(execute(args));
    }
}
