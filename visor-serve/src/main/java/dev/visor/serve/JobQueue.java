package dev.visor.serve;

import dev.visor.VisorException;
import dev.visor.job.JobCancelledException;
import dev.visor.model.Model;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded FIFO queue of render jobs and a fixed pool of workers, each with its own copy of the model
 * (a model's forward/backward state is not shared between threads). Workers take jobs in submission order.
 * A request whose job id is queued, running or finished (in this process or as a run directory on disk)
 * gets that job back instead of a new one. Cancelling a queued job removes it; cancelling a running one
 * stops its render after the current step ({@link JobListener#cancelRequested()}), which frees the worker.
 */
public final class JobQueue implements AutoCloseable {
    /** Finished jobs kept in memory for status queries (their run directories stay on disk regardless). */
    static final int KEEP_FINISHED = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(JobQueue.class);

    private final RunStore store;
    private final int capacity;
    private final ArrayDeque<Job> pending = new ArrayDeque<>();
    private final Map<String, Job> jobs = new LinkedHashMap<>();
    private final List<Thread> workers = new ArrayList<>();
    private final Job[] running;
    private long submitted;
    private long started;
    private long finished;
    private double meanSeconds = 5;
    private volatile boolean closed;

    /** A submission's answer: the job and whether it was already known. */
    public record Submission(Job job, boolean reused) {}

    /**
     * @param workerCount number of worker threads
     * @param capacity jobs that may wait
     * @param models   makes one model per worker (called on the worker's thread)
     * @param store    the runs folder
     */
    public JobQueue(int workerCount, int capacity, Supplier<Model> models, RunStore store) {
        this.store = store;
        this.capacity = capacity;
        this.running = new Job[workerCount];
        for (int i = 0; i < workerCount; i++) {
            int slot = i;
            Thread t = new Thread(() -> work(slot, models), "visor-serve-worker-" + i);
            t.setDaemon(true);
            workers.add(t);
            t.start();
        }
    }

    /**
     * Queues a request, or returns the job that already has its id.
     *
     * @throws ApiError 429 with a Retry-After hint when {@code capacity} jobs are waiting; 503 when closed
     */
    public synchronized Submission submit(JobSpec r) {
        if (closed) {
            throw new ApiError(503, "the server is shutting down");
        }
        Job known = jobs.get(r.id());
        if (known != null && (known.state() == Job.State.DONE ? store.finished(r.id()) : !known.state().terminal())) {
            return new Submission(known, true);
        }
        if (store.finished(r.id())) {
            Job j = Job.finished(r, submitted++, store.files(r.id()));
            remember(j);
            return new Submission(j, true);
        }
        if (pending.size() >= capacity) {
            long wait = Math.max(1, Math.round(meanSeconds * (pending.size() + 1) / running.length));
            throw new ApiError(429, "the queue is full (" + capacity + " jobs waiting); retry in about " + wait + " s", wait);
        }
        Job j = new Job(r, submitted++);
        remember(j);
        pending.add(j);
        notifyAll();
        return new Submission(j, false);
    }

    /** A job by id, or null. */
    public synchronized Job get(String id) {
        return jobs.get(id);
    }

    /** Cancels a job; false if it had already ended. */
    public boolean cancel(Job j) {
        boolean removed;
        synchronized (this) {
            removed = pending.remove(j);
        }
        if (removed) {
            j.end(Job.State.CANCELLED, "cancelled before it started", List.of());
            return true;
        }
        if (j.state().terminal()) {
            return false;
        }
        j.requestCancel();
        return true;
    }

    /** The JSON view of {@code GET /api/queue}. */
    public synchronized Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("workers", running.length);
        m.put("capacity", capacity);
        List<Object> run = new ArrayList<>();
        for (Job j : running) {
            if (j != null) {
                run.add(j.status());
            }
        }
        m.put("running", run);
        m.put("queued", pending.stream().map(Job::id).toList());
        m.put("submitted", submitted);
        m.put("finished", finished);
        m.put("meanSeconds", Math.round(meanSeconds * 100) / 100.0);
        return m;
    }

    /** Stops taking jobs, cancels the queued and running ones and waits up to {@code millis} for the workers. */
    @Override
    public void close() {
        List<Job> left;
        synchronized (this) {
            closed = true;
            left = new ArrayList<>(pending);
            pending.clear();
            notifyAll();
        }
        for (Job j : left) {
            j.end(Job.State.CANCELLED, "the server stopped", List.of());
        }
        synchronized (this) {
            for (Job j : running) {
                if (j != null) {
                    j.requestCancel();
                }
            }
        }
        for (Thread t : workers) {
            t.interrupt();
        }
        for (Thread t : workers) {
            try {
                t.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void remember(Job j) {
        jobs.put(j.id(), j);
        if (jobs.size() > KEEP_FINISHED) {
            Iterator<Job> it = jobs.values().iterator();
            while (jobs.size() > KEEP_FINISHED && it.hasNext()) {
                if (it.next().state().terminal()) {
                    it.remove();
                }
            }
        }
    }

    private void work(int slot, Supplier<Model> models) {
        Model model = null;
        try {
            while (!closed) {
                Job j;
                long seq;
                synchronized (this) {
                    while (pending.isEmpty() && !closed) {
                        try {
                            wait();
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                    if (closed) {
                        return;
                    }
                    j = pending.poll();
                    running[slot] = j;
                    seq = started++;
                }
                j.started(seq);
                try {
                    if (model == null) {
                        model = models.get();
                    }
                    run(model, j);
                } catch (VisorException e) {
                    j.end(Job.State.FAILED, e.getMessage(), List.of());
                } finally {
                    synchronized (this) {
                        running[slot] = null;
                        finished++;
                    }
                }
            }
        } finally {
            if (model != null) {
                model.close();
            }
        }
    }

    private void run(Model model, Job j) {
        Path scratch = store.scratch(j.id());
        long t0 = System.nanoTime();
        try {
            j.request().run(model, scratch, new JobListener(j));
            store.commit(scratch, j.id());
            synchronized (this) {
                meanSeconds = 0.7 * meanSeconds + 0.3 * (System.nanoTime() - t0) / 1e9;
            }
            j.end(Job.State.DONE, null, store.files(j.id()));
        } catch (JobCancelledException e) {
            store.discard(scratch);
            j.end(Job.State.CANCELLED, e.getMessage(), List.of());
        } catch (VisorException e) {
            store.discard(scratch);
            j.end(Job.State.FAILED, e.getMessage(), List.of());
        } catch (RuntimeException e) {
            store.discard(scratch);
            LOG.error("job {} failed", j.id(), e);
            j.end(Job.State.FAILED, "internal error: " + e.getClass().getSimpleName(), List.of());
        }
    }
}
