package dev.visor.serve;

import dev.visor.model.Model;
import dev.visor.optvis.RenderListener;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a server job runs: a validated request of one method. Its {@link #id} names the job and its run directory,
 * and is the same for the same model, method, settings and seed, so a repeated request reuses the first.
 */
public interface JobSpec {
    /** The job id: file-name safe, a hash of everything that determines the result. */
    String id();

    /** Planned steps (progress bar length). */
    int steps();

    /** The request as {@code GET /api/jobs/ID} shows it. */
    Map<String, Object> json();

    /** Runs the job, writing its files into {@code dir} (a scratch folder renamed to the run directory afterwards). */
    void run(Model model, Path dir, RenderListener listener);

    /** Of the run directory's files, the one to show as the result. */
    String image(List<String> files);
}
