package dev.visor.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, must-show 4: 20 concurrent render requests on 2 workers all finish, in submission order, without
 * error or deadlock; a repeated request reuses its job; a cancelled job frees its worker; a server killed
 * mid-job loses no finished result and a new server on the same folder reuses it.
 */
class ServeQueueTest {
    @TempDir
    Path tmp;

    @Test
    void twentyConcurrentRendersFinishInQueueOrder() throws Exception {
        try (ServeFixture f = new ServeFixture(tmp.resolve("runs"), 2, 32)) {
            int n = 20;
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(n);
            List<Future<ServeFixture.Answer>> answers = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String body = "{\"layer\":\"conv1\",\"unit\":" + i + ",\"steps\":6}";
                answers.add(pool.submit(() -> {
                    go.await();
                    return f.post("/api/jobs", body);
                }));
            }
            go.countDown();
            List<Job> jobs = new ArrayList<>();
            for (Future<ServeFixture.Answer> a : answers) {
                ServeFixture.Answer r = a.get(60, TimeUnit.SECONDS);
                assertThat(r.status()).as(r.body()).isEqualTo(202);
                jobs.add(f.app.queue().get((String) r.json().get("id")));
            }
            pool.shutdown();
            // the same request again: the same job back, no new work
            ServeFixture.Answer again = f.post("/api/jobs", "{\"layer\":\"conv1\",\"unit\":7,\"steps\":6}");
            assertThat(again.json().get("reused")).isEqualTo(true);
            assertThat(again.json().get("id")).isEqualTo(jobs.get(7).id());
            assertThat(f.get("/api/queue").json().get("workers")).isEqualTo(2);
            for (Job j : jobs) {
                assertThat(j.await(240_000)).as("job %s ended (no deadlock)", j.id()).isTrue();
                assertThat(j.state()).as(String.valueOf(j.status().get("error"))).isEqualTo(Job.State.DONE);
            }
            jobs.sort(Comparator.comparingLong(Job::submittedSeq));
            for (int i = 0; i < n; i++) {
                assertThat(jobs.get(i).startedSeq()).as("start order of submission %d", i).isEqualTo(i);
            }
            for (Job j : jobs) {
                Path dir = f.app.store().runDir(j.id());
                String png = "00_conv1_" + ((RenderRequest) j.request()).unit() + ".png";
                BufferedImage img = ImageIO.read(dir.resolve(png).toFile());
                assertThat(img.getWidth()).isEqualTo(28);
                Map<?, ?> side = ServeFixture.JSON.readValue(dir.resolve("00_conv1_" + ((RenderRequest) j.request()).unit() + ".json").toFile(), Map.class);
                assertThat(side.get("objective")).isEqualTo("conv1:" + ((RenderRequest) j.request()).unit());
                assertThat(side.get("steps_run")).isEqualTo(6);
            }
            // no cross-talk between the two workers: a served result is byte-identical to the same render run alone
            Job j7 = jobs.stream().filter(j -> ((RenderRequest) j.request()).unit() == 7).findFirst().orElseThrow();
            Path alone = tmp.resolve("alone");
            try (dev.visor.model.Model m = dev.visor.io.ModelLoader.load(ServeFixture.MODEL)) {
                dev.visor.optvis.RenderJob.run(m, dev.visor.optvis.RenderJobSettings.of(List.of("conv1:7"), alone)
                        .withRecipe(dev.visor.optvis.Presets.small().with("steps", 6)), new dev.visor.optvis.RenderListener() {});
            }
            assertThat(Files.readAllBytes(f.app.store().runDir(j7.id()).resolve("00_conv1_7.png")))
                    .isEqualTo(Files.readAllBytes(alone.resolve("00_conv1_7.png")));
            Map<String, Object> q = f.get("/api/queue").json();
            assertThat(q.get("queued")).isEqualTo(List.of());
            assertThat(q.get("finished")).isEqualTo(n);
            ServeFixture.Answer cached = f.post("/api/jobs", "{\"layer\":\"conv1\",\"unit\":3,\"steps\":6}");
            assertThat(cached.status()).isEqualTo(200);
            assertThat(cached.json().get("state")).isEqualTo("done");
        }
    }

    @Test
    void aCancelledJobFreesItsWorker() throws Exception {
        try (ServeFixture f = new ServeFixture(tmp.resolve("runs"), 1, 8)) {
            String longId = (String) f.post("/api/jobs", "{\"layer\":\"conv2\",\"unit\":1,\"steps\":2048}").json().get("id");
            String shortId = (String) f.post("/api/jobs", "{\"layer\":\"conv2\",\"unit\":2,\"steps\":4}").json().get("id");
            Job longJob = f.app.queue().get(longId);
            ServeSafetyTest.waitUntil(() -> ((Number) longJob.status().get("step")).intValue() >= 2);
            assertThat(f.get("/api/jobs/" + shortId).json().get("state")).isEqualTo("queued");
            assertThat(f.post("/api/jobs/" + longId + "/cancel", "").json().get("cancelled")).isEqualTo(true);
            Job shortJob = f.app.queue().get(shortId);
            assertThat(shortJob.await(120_000)).isTrue();
            assertThat(shortJob.state()).isEqualTo(Job.State.DONE);
            assertThat(longJob.state()).isEqualTo(Job.State.CANCELLED);
            assertThat(((Number) longJob.status().get("step")).intValue()).isLessThan(2048);
            assertThat(Files.exists(f.app.store().runDir(longId))).isFalse();
            try (Stream<Path> s = Files.list(f.app.store().root())) {
                assertThat(s.map(p -> p.getFileName().toString())).containsExactly(shortId);
            }
            // a cancelled job can be asked for again and then runs
            ServeFixture.Answer again = f.post("/api/jobs", "{\"layer\":\"conv2\",\"unit\":1,\"steps\":2048}");
            assertThat(again.json().get("reused")).isEqualTo(false);
            f.post("/api/jobs/" + longId + "/cancel", "");
        }
    }

    @Test
    void killingTheServerMidJobLosesNoFinishedResult() throws Exception {
        Path runs = tmp.resolve("runs");
        Path portFile = tmp.resolve("port");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1", "-Dai.djl.pytorch.num_interop_threads=1",
                "-cp", System.getProperty("java.class.path"), ServeProcess.class.getName(), runs.toString(), portFile.toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("server.log").toFile()).start();
        String doneId;
        String killedId;
        try {
            ServeSafetyTest.waitUntil(() -> Files.exists(portFile) || !p.isAlive());
            assertThat(p.isAlive()).as("server started; log: %s", tmp.resolve("server.log")).isTrue();
            String base = "http://127.0.0.1:" + Files.readString(portFile).trim();
            HttpClient http = HttpClient.newHttpClient();
            doneId = id(post(http, base, "{\"layer\":\"conv1\",\"unit\":9,\"steps\":6}"));
            ServeSafetyTest.waitUntil(() -> get(http, base + "/api/jobs/" + doneId).contains("\"state\":\"done\""));
            killedId = id(post(http, base, "{\"layer\":\"conv1\",\"unit\":10,\"steps\":2048}"));
            ServeSafetyTest.waitUntil(() -> get(http, base + "/api/jobs/" + killedId).contains("\"state\":\"running\""));
            Thread.sleep(300);
        } finally {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
        Path done = runs.resolve(doneId);
        assertThat(ImageIO.read(done.resolve("00_conv1_9.png").toFile()).getWidth()).isEqualTo(28);
        assertThat(ServeFixture.JSON.readValue(done.resolve("00_conv1_9.json").toFile(), Map.class).get("objective"))
                .isEqualTo("conv1:9");
        assertThat(Files.exists(runs.resolve(killedId))).as("no run directory for the killed job").isFalse();
        try (ServeFixture f = new ServeFixture(runs, 1, 4)) {
            try (Stream<Path> s = Files.list(runs)) {
                assertThat(s.map(x -> x.getFileName().toString())).as("scratch folders removed").containsExactly(doneId);
            }
            ServeFixture.Answer again = f.post("/api/jobs", "{\"layer\":\"conv1\",\"unit\":9,\"steps\":6}");
            assertThat(again.status()).isEqualTo(200);
            assertThat(again.json()).containsEntry("reused", true).containsEntry("state", "done").containsEntry("id", doneId);
            assertThat(f.rawGet("/runs/" + doneId + "/00_conv1_9.png")).isEqualTo(200);
        }
    }

    private static String post(HttpClient http, String base, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + "/api/jobs")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static String get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static String id(String json) throws Exception {
        return (String) ServeFixture.JSON.readValue(json, Map.class).get("id");
    }
}
