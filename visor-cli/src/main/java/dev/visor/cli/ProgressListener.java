package dev.visor.cli;

import dev.visor.optvis.RenderListener;
import dev.visor.optvis.RenderResult;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A terminal progress bar for renders, showing the batch's mean objective. */
final class ProgressListener implements RenderListener {
    private final String task;
    private ProgressBar bar;

    ProgressListener(String task) {
        this.task = task;
    }

    @Override
    public void started(int steps, int batch) {
        bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(steps).setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(500).setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err))
                .build();
    }

    @Override
    public void stepped(int step, float[] scores) {
        double mean = 0;
        for (float s : scores) {
            mean += s / scores.length;
        }
        bar.stepTo(step + 1);
        bar.setExtraMessage(String.format(" objective %.3g", mean));
    }

    @Override
    public void finished(RenderResult result) {
        bar.close();
    }
}
