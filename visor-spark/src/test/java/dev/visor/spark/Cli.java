package dev.visor.spark;

import dev.visor.cli.VisorCli;
import dev.visor.spark.cli.SparkCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs {@code visor ...} or {@code visor spark ...} in this JVM, capturing the exit status and output. */
record Cli(int status, String out, String err) {
    static Cli visor(String... args) {
        return run(false, args);
    }

    static Cli spark(String... args) {
        return run(true, args);
    }

    private static synchronized Cli run(boolean spark, String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int status = spark ? SparkCli.execute(args) : VisorCli.execute(args);
            return new Cli(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }
}
