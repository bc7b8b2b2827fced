package dev.visor.serve;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One render job of the server: its request, state, progress, latest streamed image and the clients
 * following it. State changes and events are sent to {@link Subscriber}s in order (under the job's lock).
 */
public final class Job {
    /** A job's life: queued → running → done | failed | cancelled (a queued job may be cancelled at once). */
    public enum State {
        QUEUED, RUNNING, DONE, FAILED, CANCELLED;

        /** True once nothing more will happen. */
        public boolean terminal() {
            return this == DONE || this == FAILED || this == CANCELLED;
        }

        /** Lower-case name for JSON. */
        public String json() {
            return name().toLowerCase();
        }
    }

    /** Receives a job's events; {@code data} is a JSON-able map. */
    public interface Subscriber {
        /** One event; return false to be dropped (the client went away). */
        boolean send(String event, Map<String, Object> data);

        /** The job ended; no more events. */
        void close();
    }

    private final String id;
    private final JobSpec request;
    private final long submittedSeq;
    private final long submittedNanos = System.nanoTime();
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private State state = State.QUEUED;
    private long startedSeq = -1;
    private int step;
    private int steps;
    private float score = Float.NaN;
    private String error;
    private List<String> files = List.of();
    private String lastSnapshot;
    private int lastSnapshotStep = -1;
    private double firstSnapshotSeconds = -1;
    private double seconds = -1;
    private long startedNanos;
    private volatile boolean cancelRequested;

    Job(JobSpec request, long submittedSeq) {
        this.id = request.id();
        this.request = request;
        this.submittedSeq = submittedSeq;
        this.steps = request.steps();
    }

    /** A job whose run directory already exists (finished earlier, maybe by another server process). */
    static Job finished(JobSpec request, long seq, List<String> files) {
        Job j = new Job(request, seq);
        j.state = State.DONE;
        j.step = j.steps;
        j.files = List.copyOf(files);
        return j;
    }

    /** The job id (also its run directory's name). */
    public String id() {
        return id;
    }

    /** The validated request. */
    public JobSpec request() {
        return request;
    }

    /** The current state. */
    public synchronized State state() {
        return state;
    }

    /** Order of submission (0, 1, ...). */
    public long submittedSeq() {
        return submittedSeq;
    }

    /** Order in which workers took jobs (-1: not started). */
    public synchronized long startedSeq() {
        return startedSeq;
    }

    boolean cancelRequested() {
        return cancelRequested;
    }

    void requestCancel() {
        cancelRequested = true;
    }

    synchronized void started(long seq) {
        startedSeq = seq;
        startedNanos = System.nanoTime();
        state = State.RUNNING;
        broadcast("state", status());
    }

    synchronized void progress(int step, int steps, float score, boolean send) {
        this.step = step;
        this.steps = steps;
        this.score = score;
        if (send) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id);
            m.put("step", step);
            m.put("steps", steps);
            m.put("score", Float.isFinite(score) ? score : null);
            broadcast("progress", m);
        }
    }

    synchronized void snapshot(int step, String pngDataUrl) {
        lastSnapshot = pngDataUrl;
        lastSnapshotStep = step;
        if (firstSnapshotSeconds < 0) {
            firstSnapshotSeconds = (System.nanoTime() - submittedNanos) / 1e9;
        }
        broadcast("snapshot", snapshotEvent());
    }

    synchronized void end(State s, String error, List<String> files) {
        state = s;
        this.error = error;
        this.files = List.copyOf(files);
        if (startedNanos != 0) {
            seconds = (System.nanoTime() - startedNanos) / 1e9;
        }
        if (s == State.DONE) {
            step = steps;
        }
        broadcast(s.json(), status());
        for (Subscriber sub : subscribers) {
            sub.close();
        }
        subscribers.clear();
        notifyAll();
    }

    /**
     * Adds a follower: it first gets the current state (and the latest image), then every event; a
     * finished job sends its end event and closes it at once.
     */
    public synchronized void subscribe(Subscriber s) {
        if (!s.send("state", status())) {
            return;
        }
        if (lastSnapshot != null && !s.send("snapshot", snapshotEvent())) {
            return;
        }
        if (state.terminal()) {
            s.send(state.json(), status());
            s.close();
            return;
        }
        subscribers.add(s);
    }

    /** Waits until the job ends or the time runs out; true if it ended. */
    public synchronized boolean await(long millis) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        while (!state.terminal()) {
            long left = end - System.currentTimeMillis();
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }

    /** The JSON view of {@code GET /api/jobs/ID}. */
    public synchronized Map<String, Object> status() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("state", state.json());
        m.put("request", request.json());
        m.put("step", step);
        m.put("steps", steps);
        m.put("score", Float.isFinite(score) ? score : null);
        m.put("submitted", submittedSeq);
        m.put("started", startedSeq);
        if (error != null) {
            m.put("error", error);
        }
        List<String> urls = new ArrayList<>();
        for (String f : files) {
            urls.add("/runs/" + id + "/" + f);
        }
        m.put("files", urls);
        String image = files.isEmpty() ? null : request.image(files);
        m.put("image", image == null ? null : "/runs/" + id + "/" + image);
        m.put("firstImageSeconds", firstSnapshotSeconds < 0 ? null : firstSnapshotSeconds);
        m.put("seconds", seconds < 0 ? null : seconds);
        return m;
    }

    private Map<String, Object> snapshotEvent() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("step", lastSnapshotStep);
        m.put("png", lastSnapshot);
        return m;
    }

    private void broadcast(String event, Map<String, Object> data) {
        for (Subscriber s : subscribers) {
            if (!s.send(event, data)) {
                subscribers.remove(s);
            }
        }
    }
}
