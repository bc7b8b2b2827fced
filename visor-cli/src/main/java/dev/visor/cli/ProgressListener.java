package dev.visor.cli;

import dev.visor.optvis.RenderListener;
import dev.visor.optvis.RenderResult;
import java.util.Locale;

/** The progress of a render ({@link Progress}: a bar on a terminal, a few lines in a log), with the batch's mean objective. */
final class ProgressListener implements RenderListener {
    private final String task;
    private Progress progress;

    ProgressListener(String task) {
        this.task = task;
    }

    @Override
    public void started(int steps, int batch) {
        progress = Progress.start(task, steps);
    }

    @Override
    public void stepped(int step, float[] scores) {
        double mean = 0;
        for (float s : scores) {
            mean += s / scores.length;
        }
        progress.stepTo(step + 1, String.format(Locale.ROOT, "objective %.3g", mean));
    }

    @Override
    public void finished(RenderResult result) {
        progress.close();
    }
}
