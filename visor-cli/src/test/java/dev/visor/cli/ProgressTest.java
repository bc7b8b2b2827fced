package dev.visor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Without a terminal (a CI log, a pipe; Surefire's JVM has no console) progress is a few plain lines, not one
 * {@code \r} frame per update: at most 0 %, 25 %, 50 %, 75 % and done, whatever the number of steps.
 */
class ProgressTest {
    /** Runs {@code body} with System.err captured; returns what it wrote. */
    private static String stderrOf(Runnable body) {
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            body.run();
        } finally {
            System.setErr(old);
        }
        return err.toString(StandardCharsets.UTF_8);
    }

    private static List<String> lines(String s) {
        return s.lines().filter(l -> !l.isBlank()).toList();
    }

    @Test
    void aRenderOf512StepsWithoutAConsoleIsAFewPlainLines() {
        assumeTrue(System.console() == null, "this JVM has a console");
        String err = stderrOf(() -> {
            ProgressListener l = new ProgressListener("render");
            l.started(512, 2);
            for (int step = 0; step < 512; step++) {
                l.stepped(step, new float[] {step, step + 2});
            }
            l.finished(null);
        });
        assertThat(err).doesNotContain("\r");
        List<String> lines = lines(err);
        assertThat(lines).hasSizeBetween(2, 6);
        assertThat(lines.get(0)).startsWith("render: 0%");
        // the last line: done, all steps, the mean objective of the last step ((511 + 513) / 2)
        assertThat(lines.get(lines.size() - 1)).contains("done").contains("512/512").contains("objective 512");
    }

    @Test
    void plainLinesComeAtQuartersAndOneStepCrossingSeveralPrintsOnce() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8);
        try (Progress p = Progress.plain("eval", 1000, out)) {
            for (int done = 10; done <= 1000; done += 10) {
                p.stepTo(done, "");
            }
        }
        assertThat(lines(buf.toString(StandardCharsets.UTF_8))).containsExactly("eval: 0% (0/1000)", "eval: 25% (250/1000)",
                "eval: 50% (500/1000)", "eval: 75% (750/1000)", "eval: done (1000/1000)");

        buf.reset();
        try (Progress p = Progress.plain("epoch 1/2", 8, out)) {
            p.stepTo(7, "loss 0.5");
        }
        assertThat(lines(buf.toString(StandardCharsets.UTF_8))).containsExactly("epoch 1/2: 0% (0/8)",
                "epoch 1/2: 87% (7/8), loss 0.5", "epoch 1/2: stopped (7/8), loss 0.5");
    }
}
