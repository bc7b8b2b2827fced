package dev.visor.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.visor.io.ModelLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** A served app on a free loopback port over builtin:fashion-cnn, and small HTTP helpers for the tests. */
final class ServeFixture implements AutoCloseable {
    static final String MODEL = "builtin:fashion-cnn";
    static final ObjectMapper JSON = new ObjectMapper();

    final ServeApp app;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    ServeFixture(Path runs, int workers, int queue) {
        this(runs, workers, queue, null);
    }

    ServeFixture(Path runs, int workers, int queue, String data) {
        this.app = ServeApp.start(ServeSettings.defaults(runs).withPort(0).withWorkers(workers).withQueue(queue).withData(data),
                () -> ModelLoader.load(MODEL));
    }

    String base() {
        return "http://127.0.0.1:" + app.port();
    }

    /** An HTTP answer: status, body, Retry-After header. */
    record Answer(int status, String body, String retryAfter) {
        @SuppressWarnings("unchecked")
        Map<String, Object> json() {
            try {
                return JSON.readValue(body, Map.class);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    Answer get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base() + path)).GET().build());
    }

    Answer post(String path, String json) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base() + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    Answer send(HttpRequest r) throws IOException, InterruptedException {
        HttpResponse<String> a = http.send(r, HttpResponse.BodyHandlers.ofString());
        return new Answer(a.statusCode(), a.body(), a.headers().firstValue("Retry-After").orElse(null));
    }

    /** Sends exactly these bytes as the request (no client-side normalisation of the path); returns the status line and body. */
    String raw(String requestLineAndHeaders) throws IOException {
        try (Socket s = new Socket("127.0.0.1", app.port())) {
            s.setSoTimeout(10_000);
            OutputStream o = s.getOutputStream();
            o.write(requestLineAndHeaders.getBytes(StandardCharsets.ISO_8859_1));
            o.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    /** The status code of a raw GET of {@code path}. */
    int rawGet(String path) throws IOException {
        String answer = raw("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        return Integer.parseInt(answer.split(" ", 3)[1]);
    }

    @Override
    public void close() {
        app.close();
    }
}
