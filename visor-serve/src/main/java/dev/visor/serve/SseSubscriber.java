package dev.visor.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.sse.SseClient;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * A browser following a job over server-sent events. Events are queued and written by a shared executor, one
 * client's events in order, so a slow or stalled client never holds up the render that produces them; a client
 * more than {@link #BACKLOG} events behind is dropped.
 */
final class SseSubscriber implements Job.Subscriber {
    /** Events a client may fall behind by before it is disconnected. */
    static final int BACKLOG = 256;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SseClient client;
    private final Executor writer;
    private final ArrayDeque<Runnable> pending = new ArrayDeque<>();
    private boolean draining;
    private boolean dead;

    SseSubscriber(SseClient client, Executor writer) {
        this.client = client;
        this.writer = writer;
    }

    @Override
    public boolean send(String event, Map<String, Object> data) {
        String json;
        try {
            json = JSON.writeValueAsString(data);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return true;
        }
        return enqueue(() -> client.sendEvent(event, json));
    }

    @Override
    public void close() {
        enqueue(client::close);
    }

    private boolean enqueue(Runnable r) {
        synchronized (this) {
            if (dead || client.terminated()) {
                dead = true;
                return false;
            }
            if (pending.size() >= BACKLOG) {
                dead = true;
                pending.clear();
                pending.add(client::close);
            } else {
                pending.add(r);
            }
            if (draining) {
                return !dead;
            }
            draining = true;
        }
        writer.execute(this::drain);
        return true;
    }

    private void drain() {
        while (true) {
            Runnable r;
            synchronized (this) {
                r = pending.poll();
                if (r == null) {
                    draining = false;
                    return;
                }
            }
            try {
                r.run();
            } catch (RuntimeException e) {
                synchronized (this) {
                    dead = true;
                    pending.clear();
                }
                client.close();
            }
        }
    }
}
