package dev.visor.bench;

import dev.visor.cli.VisorCli;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code visor bench ...}: benchmark tables (a separate module; ONNX Runtime, the core's engine for forward-only passes, is also the baseline). */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks that print a table for BENCHMARKS.md.",
        subcommands = {ForwardBench.class, TrainBench.class, RenderBench.class, TopBench.class, DissectBench.class, InvertBench.class,
            DgnAmBench.class, ProjectBench.class, SanityBench.class, ServeBench.class, GalleryBench.class, TrainGeneratorBench.class,
            PpgnBench.class})
public final class BenchCli implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** Entry point; user errors exit 2 like the main CLI. */
    public static void main(String[] args) {
        CommandLine cl = new CommandLine(new BenchCli());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof dev.visor.VisorException) {
                cmd.getErr().println("visor: " + ex.getMessage());
                return VisorCli.USER_ERROR;
            }
            throw ex;
        });
        System.exit(cl.execute(args));
    }
}
