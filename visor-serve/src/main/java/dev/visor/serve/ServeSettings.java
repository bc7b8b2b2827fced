package dev.visor.serve;

import dev.visor.VisorException;
import java.nio.file.Path;

/**
 * How {@code visor serve} runs. Make it with {@link #defaults} and the withers.
 *
 * @param host     address to bind (default 127.0.0.1: only this machine can connect)
 * @param port     TCP port (0: any free port)
 * @param runs     folder the results are written to, one run directory per job
 * @param workers  jobs run at once (each worker holds its own copy of the model)
 * @param queue    jobs that may wait; one more answers 429
 * @param maxSteps largest number of steps a request may ask for (tighter than {@code RenderSettings.MAX_STEPS})
 * @param maxSize  largest image side a request may ask for, in pixels
 * @param maxBody  largest request body in bytes
 * @param data     dataset whose first images attribution runs on ({@code --data}); null: no attribution
 */
public record ServeSettings(String host, int port, Path runs, int workers, int queue, int maxSteps, int maxSize,
                            int maxBody, String data) {
    /** Default port. */
    public static final int DEFAULT_PORT = 8080;
    /** Default step limit per request. */
    public static final int DEFAULT_MAX_STEPS = 2048;
    /** Default image side limit per request. */
    public static final int DEFAULT_MAX_SIZE = 512;
    /** Default request body limit: a render request is a few hundred bytes. */
    public static final int DEFAULT_MAX_BODY = 16 * 1024;

    /** Checks the values. */
    public ServeSettings {
        if (host == null || host.isBlank()) {
            throw new VisorException("--host must name an address, e.g. 127.0.0.1");
        }
        if (port < 0 || port > 65535) {
            throw new VisorException("--port must be 0 to 65535, got " + port);
        }
        if (workers < 1 || workers > 64) {
            throw new VisorException("--workers must be 1 to 64, got " + workers);
        }
        if (queue < 1 || queue > 100_000) {
            throw new VisorException("--queue must be 1 to 100000, got " + queue);
        }
        if (maxSteps < 1 || maxSize < 1 || maxBody < 256) {
            throw new VisorException("server limits must be positive (body at least 256 bytes)");
        }
    }

    /** Loopback, port 8080, 1 worker, 64 waiting jobs, results in {@code runs}. */
    public static ServeSettings defaults(Path runs) {
        return new ServeSettings("127.0.0.1", DEFAULT_PORT, runs, 1, 64, DEFAULT_MAX_STEPS, DEFAULT_MAX_SIZE, DEFAULT_MAX_BODY, null);
    }

    /** With another bind address. */
    public ServeSettings withHost(String h) {
        return new ServeSettings(h, port, runs, workers, queue, maxSteps, maxSize, maxBody, data);
    }

    /** With another port. */
    public ServeSettings withPort(int p) {
        return new ServeSettings(host, p, runs, workers, queue, maxSteps, maxSize, maxBody, data);
    }

    /** With another number of workers. */
    public ServeSettings withWorkers(int w) {
        return new ServeSettings(host, port, runs, w, queue, maxSteps, maxSize, maxBody, data);
    }

    /** With another queue capacity. */
    public ServeSettings withQueue(int q) {
        return new ServeSettings(host, port, runs, workers, q, maxSteps, maxSize, maxBody, data);
    }

    /** With other per-request limits. */
    public ServeSettings withLimits(int steps, int size, int body) {
        return new ServeSettings(host, port, runs, workers, queue, steps, size, body, data);
    }

    /** With a dataset for attribution samples. */
    public ServeSettings withData(String d) {
        return new ServeSettings(host, port, runs, workers, queue, maxSteps, maxSize, maxBody, d);
    }

    /** True when the address only accepts connections from this machine. */
    public boolean loopback() {
        return host.equals("127.0.0.1") || host.equals("localhost") || host.equals("::1") || host.startsWith("127.");
    }
}
