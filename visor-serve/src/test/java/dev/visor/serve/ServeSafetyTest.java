package dev.visor.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, must-show 3: path traversal in every spelling, symlinks out of the runs folder, oversized bodies,
 * unknown layers, absurd sizes and step counts, a full queue: all refused with 4xx JSON errors, and the
 * server still renders afterwards.
 */
class ServeSafetyTest {
    private static final String SECRET = "top-secret-outside-the-runs-folder";

    @TempDir
    static Path tmp;
    static ServeFixture f;
    static Path runs;

    @BeforeAll
    static void start() throws Exception {
        runs = tmp.resolve("runs");
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret.png"), SECRET);
        Files.writeString(outside.resolve("secret.json"), SECRET);
        f = new ServeFixture(runs, 1, 1);
        Path plain = Files.createDirectories(runs.resolve("plain"));
        Files.writeString(plain.resolve("ok.json"), "{\"ok\": true}");
        Files.createSymbolicLink(plain.resolve("evil.png"), outside.resolve("secret.png"));
        Files.createSymbolicLink(runs.resolve("linkdir"), outside);
        Files.createDirectories(runs.resolve(".hidden"));
        Files.writeString(runs.resolve(".hidden/h.json"), SECRET);
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    @Test
    void servesOnlyPlainFilesInsideTheRunsFolder() throws Exception {
        assertThat(f.rawGet("/runs/plain/ok.json")).isEqualTo(200); // the control: a real file is served
        String abs = tmp.resolve("outside/secret.png").toString();
        List<String> attacks = List.of(
                "/runs/../outside/secret.png",
                "/runs/plain/../../outside/secret.png",
                "/runs/%2e%2e/outside/secret.png",
                "/runs/%2E%2E/%2E%2E/etc/passwd",
                "/runs/%252e%252e/outside/secret.png",
                "/runs/%25252e%25252e/outside/secret.png",
                "/runs/..%2foutside%2fsecret.png",
                "/runs/..%5coutside%5csecret.png",
                "/runs/plain/..%252f..%252foutside/secret.png",
                "/runs/" + abs,
                "/runs//" + abs,
                "/runs/%2f" + abs.substring(1).replace("/", "%2f"),
                "/runs/plain/evil.png",
                "/runs/linkdir/secret.png",
                "/runs/linkdir/secret.json",
                "/runs/.hidden/h.json",
                "/runs/plain/ok.json%00.png",
                "/runs/plain/",
                "/runs/plain");
        for (String a : attacks) {
            String answer = f.raw("GET " + a + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
            int status = Integer.parseInt(answer.split(" ", 3)[1]);
            assertThat(status).as(a).isBetween(400, 499);
            assertThat(answer).as(a).doesNotContain(SECRET);
        }
        assertThat(f.get("/api/queue").status()).isEqualTo(200);
    }

    @Test
    void refusesBadBodiesWithClearErrors() throws Exception {
        byte[] big = new byte[1 << 20];
        java.util.Arrays.fill(big, (byte) ' ');
        // repeated: the 413 must reach a client that is still sending every time (a CI run once lost it to a reset)
        for (int i = 0; i < 25; i++) {
            assertThat(f.send(HttpRequest.newBuilder(URI.create(f.base() + "/api/jobs")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(big)).build()).status()).isEqualTo(413);
            // no Content-Length (chunked): the limit holds while reading
            assertThat(f.send(HttpRequest.newBuilder(URI.create(f.base() + "/api/jobs")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))).build()).status())
                    .isEqualTo(413);
        }
        assertThat(f.send(HttpRequest.newBuilder(URI.create(f.base() + "/api/jobs")).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{\"layer\":\"conv1\",\"unit\":0}")).build()).status()).isEqualTo(415);
        Map<String, String> bad = Map.ofEntries(
                Map.entry("not json", "unit"),
                Map.entry("[1, 2]", "JSON object"),
                Map.entry("{\"layer\":\"conv9\",\"unit\":0}", "unknown layer 'conv9'"),
                Map.entry("{\"layer\":\"../../etc\",\"unit\":0}", "unknown layer"),
                Map.entry("{\"unit\":0}", "missing field 'layer'"),
                Map.entry("{\"layer\":\"conv1\",\"unit\":32}", "0-31"),
                Map.entry("{\"layer\":\"conv1\",\"unit\":-1}", "out of range"),
                Map.entry("{\"layer\":\"conv1\",\"unit\":100000000000000000000}", "whole number"),
                Map.entry("{\"layer\":\"conv1\",\"unit\":\"3\"}", "whole number"),
                Map.entry("{\"layer\":\"conv1\",\"unit\":0,\"size\":100000}", "size"),
                Map.entry("{\"layer\":\"conv1\",\"unit\":0,\"size\":-5}", "size"),
                Map.entry("{\"layer\":\"conv1\",\"unit\":0,\"steps\":1000000000}", "steps"),
                Map.entry("{\"layer\":\"conv1\",\"unit\":0,\"steps\":0}", "steps"),
                Map.entry("{\"layer\":\"conv1\",\"unit\":0,\"preset\":\"regularized\",\"steps\":99999}", "steps"),
                Map.entry("{\"layer\":\"conv1\",\"unit\":0,\"preset\":\"nope\"}", "known: fourier"),
                Map.entry("{\"layer\":\"conv1\",\"unit\":0,\"learningRate\":-1}", "learningRate"),
                Map.entry("{\"layer\":\"conv1\",\"unit\":0,\"out\":\"/etc\"}", "unknown field 'out'"));
        for (Map.Entry<String, String> e : bad.entrySet()) {
            ServeFixture.Answer a = f.post("/api/jobs", e.getKey());
            assertThat(a.status()).as(e.getKey()).isEqualTo(400);
            String error = String.valueOf(a.json().get("error"));
            assertThat(error).as(e.getKey()).contains(e.getValue().equals("unit") ? "not valid JSON" : e.getValue());
        }
        assertThat(f.get("/api/jobs/nope").status()).isEqualTo(404);
        assertThat(f.get("/api/jobs/" + "x".repeat(5000)).status()).isBetween(400, 499);
        assertThat(f.get("/api/nothing-here").status()).isEqualTo(404);
        String evil = f.raw("GET /api/model HTTP/1.1\r\nHost: attacker.example\r\nConnection: close\r\n\r\n");
        assertThat(evil).startsWith("HTTP/1.1 403").doesNotContain("fashion");
        Object before = f.get("/api/queue").json().get("submitted");
        String body = "{\"layer\":\"conv1\",\"unit\":0,\"steps\":4}";
        String csrf = f.raw("POST /api/jobs HTTP/1.1\r\nHost: 127.0.0.1:" + f.app.port() + "\r\nOrigin: http://evil.example\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body);
        assertThat(csrf).startsWith("HTTP/1.1 403").contains("cross-site");
        assertThat(f.get("/api/queue").json().get("submitted")).as("nothing was queued").isEqualTo(before);
    }

    @Test
    void aFullQueueAnswers429WithRetryAfterAndTheServerKeepsServing() throws Exception {
        ServeFixture.Answer running = f.post("/api/jobs", "{\"layer\":\"conv1\",\"unit\":1,\"steps\":2048,\"seed\":429}");
        assertThat(running.status()).isEqualTo(202);
        String id = (String) running.json().get("id");
        waitUntil(() -> "running".equals(f.get("/api/jobs/" + id).json().get("state")));
        ServeFixture.Answer queued = f.post("/api/jobs", "{\"layer\":\"conv1\",\"unit\":2,\"steps\":2048,\"seed\":429}");
        assertThat(queued.status()).isEqualTo(202);
        ServeFixture.Answer full = f.post("/api/jobs", "{\"layer\":\"conv1\",\"unit\":3,\"steps\":2048,\"seed\":429}");
        assertThat(full.status()).isEqualTo(429);
        assertThat(Long.parseLong(full.retryAfter())).isPositive();
        assertThat((String) full.json().get("error")).contains("queue is full");
        assertThat(f.get("/api/queue").json().get("queued")).isEqualTo(List.of(queued.json().get("id")));
        assertThat(f.post("/api/jobs/" + queued.json().get("id") + "/cancel", "").json().get("state")).isEqualTo("cancelled");
        assertThat(f.post("/api/jobs/" + id + "/cancel", "").status()).isEqualTo(200);
        waitUntil(() -> "cancelled".equals(f.get("/api/jobs/" + id).json().get("state")));

        // after every refusal above, a real render still goes through
        ServeFixture.Answer ok = f.post("/api/jobs", "{\"layer\":\"conv2\",\"unit\":4,\"steps\":4}");
        String okId = (String) ok.json().get("id");
        waitUntil(() -> "done".equals(f.get("/api/jobs/" + okId).json().get("state")));
        assertThat(f.rawGet("/runs/" + okId + "/00_conv2_4.png")).isEqualTo(200);
        assertThat(Files.exists(runs.resolve(id))).isFalse();
    }

    interface Check {
        boolean ok() throws Exception;
    }

    static void waitUntil(Check c) throws Exception {
        long end = System.currentTimeMillis() + 120_000;
        while (!c.ok()) {
            if (System.currentTimeMillis() > end) {
                throw new AssertionError("timed out");
            }
            Thread.sleep(50);
        }
    }
}
