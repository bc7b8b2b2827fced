package dev.visor.cli;

import dev.visor.stats.PassListener;

/**
 * Progress of a dataset pass: one summary line on stdout (batches, images, where a resumed run picks up), then
 * the CLI's one progress display ({@link Progress}: a bar on a terminal, plain quarter lines in logs) over batches.
 */
final class PassProgress implements PassListener {
    private final String task;
    private Progress progress;

    PassProgress(String task) {
        this.task = task;
    }

    @Override
    public void started(int batches, int done, int images) {
        System.out.printf("%s: %d batches (%d images)%s%n", task, batches, images,
                done > 0 ? ", resuming after batch " + done + " from the checkpoint" : "");
        progress = Progress.start(task, batches);
        progress.stepTo(done, "");
    }

    @Override
    public void batchDone(int done, int batches) {
        progress.stepTo(done, "");
        if (done == batches) {
            progress.close();
        }
    }
}
