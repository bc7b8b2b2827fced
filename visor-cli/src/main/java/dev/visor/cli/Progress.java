package dev.visor.cli;

import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The progress of one task of known length on stderr, for every progress display of the CLI. On a terminal it
 * is a redrawn bar; without one ({@code System.console() == null}: output piped or in a CI log, where each
 * redraw would be a line of {@code \r} frames) it is a few plain lines instead: at 0 %, 25 %, 50 %, 75 % and
 * when done, each with the latest message (the objective, the loss).
 */
final class Progress implements AutoCloseable {
    private static final int PLAIN_STEPS = 4;

    private final String task;
    private final long max;
    private final PrintStream plain;
    private final ProgressBar bar;
    private long current;
    private String message = "";
    private int quartersShown;
    private boolean closed;

    private Progress(String task, long max, ProgressBar bar, PrintStream plain) {
        this.task = task;
        this.max = max;
        this.bar = bar;
        this.plain = plain;
    }

    /** Starts a display on stderr: a bar when the JVM has a console, plain lines when it has none. */
    static Progress start(String task, long max) {
        return System.console() != null ? bar(task, max) : plain(task, max, System.err);
    }

    /** A redrawn terminal bar on stderr. */
    static Progress bar(String task, long max) {
        ProgressBar b = new ProgressBarBuilder().setTaskName(task).setInitialMax(max).setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(500).setConsumer(new ConsoleProgressBarConsumer(System.err)).build();
        return new Progress(task, max, b, null);
    }

    /** Plain lines on {@code out}, the first (0 %) printed now. */
    static Progress plain(String task, long max, PrintStream out) {
        Progress p = new Progress(task, max, null, out);
        p.line("0%");
        return p;
    }

    /** Records that {@code done} of the task's units are done, with a message such as "loss 0.31" (or ""). */
    void stepTo(long done, String message) {
        current = done;
        this.message = message;
        if (bar != null) {
            bar.stepTo(done);
            bar.setExtraMessage(message.isEmpty() ? "" : " " + message);
            return;
        }
        // A line when a new quarter (25 %, 50 %, 75 %) is reached, one however many a step crosses; 100 % is the
        // "done" line at close.
        long quarter = max > 0 ? Math.min(PLAIN_STEPS - 1, done * PLAIN_STEPS / max) : 0;
        if (quarter > quartersShown) {
            quartersShown = (int) quarter;
            line(100 * done / max + "%");
        }
    }

    /** Ends the display: the bar's last frame, or the plain "done" line (or where it stopped). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (bar != null) {
            bar.close();
        } else {
            line(current >= max ? "done" : "stopped");
        }
    }

    private void line(String what) {
        plain.println(String.format(Locale.ROOT, "%s: %s (%d/%d)%s", task, what, current, max,
                message.isEmpty() ? "" : ", " + message));
    }
}
