package dev.visor.spark.cli;

import dev.visor.cli.VisorCli;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code visor spark}: Visor's long jobs on Apache Spark ({@code ./visor spark ...} in-process for local masters;
 * {@code spark-submit --class dev.visor.spark.cli.SparkCli visor-spark-*-assembly.jar ...} on a cluster).
 */
@Command(name = "spark", mixinStandardHelpOptions = true,
        description = "Run render-layer, render-model, top and dissect on Apache Spark (local[*] in this JVM, or a cluster).",
        subcommands = {SparkRenderLayerCommand.class, SparkRenderModelCommand.class, SparkTopCommand.class,
            SparkDissectCommand.class})
public final class SparkCli implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** Runs {@code visor spark ARGS} and returns the exit status (2 for bad input, one line). */
    public static int execute(String... args) {
        return VisorCli.run(new SparkCli(), args);
    }

    /** Entry point (also spark-submit's main class). */
    public static void main(String[] args) {
        System.exit(execute(args));
    }
}
