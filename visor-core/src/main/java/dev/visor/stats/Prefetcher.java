package dev.visor.stats;

import ai.djl.ndarray.NDManager;
import dev.visor.data.Batches;
import dev.visor.data.Dataset;
import dev.visor.model.InputSpec;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Decodes and preprocesses batches ahead of the model on a daemon thread, at most {@code depth} batches
 * ahead (a bounded queue). The producer runs {@link Batches} (the one preprocessing path) in its own
 * manager, copies each model input to a Java {@code float[]} and closes the batch's arrays before
 * handing it over, so no NDArray crosses threads: the consumer creates the input in its own step manager.
 */
final class Prefetcher implements AutoCloseable {
    /** One prepared batch: the model input as floats, its shape, and the dataset ids. */
    record Prepared(float[] input, long[] shape, int[] indices) {}

    private static final Prepared END = new Prepared(new float[0], new long[0], new int[0]);

    private final BlockingQueue<Object> queue;
    private final Thread thread;
    private volatile boolean closed;

    Prefetcher(Dataset dataset, InputSpec spec, int batchSize, int[] order, NDManager parent, int depth) {
        this.queue = new ArrayBlockingQueue<>(depth);
        this.thread = new Thread(() -> produce(dataset, spec, batchSize, order, parent), "visor-prefetch");
        thread.setDaemon(true);
        thread.start();
    }

    private void produce(Dataset dataset, InputSpec spec, int batchSize, int[] order, NDManager parent) {
        try (NDManager m = parent.newSubManager()) {
            for (Batches.Batch b : Batches.of(dataset, spec, batchSize, m).order(order)) {
                Prepared p;
                try (b) {
                    p = new Prepared(b.input().toFloatArray(), b.input().getShape().getShape(), b.indices());
                }
                if (!offer(p)) {
                    return;
                }
            }
            offer(END);
        } catch (RuntimeException | Error e) {
            offer(e);
        }
    }

    private boolean offer(Object item) {
        try {
            while (!closed) {
                if (queue.offer(item, 100, TimeUnit.MILLISECONDS)) {
                    return true;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /** The next batch, or null at the end; rethrows what the producer threw. */
    Prepared next() {
        Object o;
        try {
            o = queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the next batch", e);
        }
        if (o instanceof RuntimeException e) {
            throw e;
        }
        if (o instanceof Error e) {
            throw e;
        }
        return o == END ? null : (Prepared) o;
    }

    @Override
    public void close() {
        closed = true;
        queue.clear();
        // Wait for the producer to leave its batch (it checks `closed` between batches and while waiting to hand one
        // over), so that nothing is still using a sub-manager of the consumer's root when the root closes.
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
