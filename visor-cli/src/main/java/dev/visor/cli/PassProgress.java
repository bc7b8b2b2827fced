package dev.visor.cli;

import dev.visor.stats.PassListener;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress of a dataset pass: a progress bar on a terminal, otherwise (logs, CI) a plain line at the start
 * and at every quarter, so logs do not fill with bar frames.
 */
final class PassProgress implements PassListener {
    private final String task;
    private final boolean terminal = System.console() != null;
    private ProgressBar bar;
    private int nextQuarter;

    PassProgress(String task) {
        this.task = task;
    }

    @Override
    public void started(int batches, int done, int images) {
        if (terminal) {
            bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(batches).setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(500).setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err))
                    .build();
            bar.stepTo(done);
        }
        System.out.printf("%s: %d batches (%d images)%s%n", task, batches, images,
                done > 0 ? ", resuming after batch " + done + " from the checkpoint" : "");
        nextQuarter = batches == 0 ? 5 : (int) (done * 4L / batches) + 1;
    }

    @Override
    public void batchDone(int done, int batches) {
        if (bar != null) {
            bar.stepTo(done);
            if (done == batches) {
                bar.close();
            }
            return;
        }
        int reached = batches == 0 ? 4 : (int) (done * 4L / batches);
        if (reached >= nextQuarter) {
            System.out.printf("%s: %d%% (%d of %d batches)%n", task, 25 * reached, done, batches);
            nextQuarter = reached + 1;
        }
    }
}
