package dev.visor.serve;

import ai.djl.ndarray.NDArray;
import dev.visor.data.Images;
import dev.visor.optvis.RenderListener;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Base64;
import javax.imageio.ImageIO;

/** Connects a render to its {@link Job}: progress (at most ~10 events a second), PNG snapshots, the cancel flag. */
final class JobListener implements RenderListener {
    /** Snapshots per render streamed to the browser. */
    static final int SNAPSHOTS = 16;
    private static final long PROGRESS_NANOS = 100_000_000L;

    private final Job job;
    private int steps = 1;
    private long lastSent;

    JobListener(Job job) {
        this.job = job;
    }

    @Override
    public void started(int steps, int batch) {
        this.steps = Math.max(1, steps);
        job.progress(0, steps, Float.NaN, true);
    }

    @Override
    public void stepped(int step, float[] scores) {
        long now = System.nanoTime();
        boolean send = now - lastSent > PROGRESS_NANOS || step + 1 == steps;
        if (send) {
            lastSent = now;
        }
        job.progress(step + 1, steps, scores.length > 0 ? scores[0] : Float.NaN, send);
    }

    @Override
    public void snapshot(int step, NDArray image) {
        try {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            ImageIO.write(Images.toImage(image.get(0)), "png", b);
            job.snapshot(step, "data:image/png;base64," + Base64.getEncoder().encodeToString(b.toByteArray()));
        } catch (IOException e) {
            // a lost preview frame; the final image is written by the job
        }
    }

    @Override
    public int snapshotEvery() {
        return Math.max(1, steps / SNAPSHOTS);
    }

    @Override
    public boolean cancelRequested() {
        return job.cancelRequested();
    }
}
