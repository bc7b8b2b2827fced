package dev.visor.bench;

import dev.visor.io.ModelLoader;
import dev.visor.model.Model;
import dev.visor.optvis.Presets;
import dev.visor.optvis.RenderJob;
import dev.visor.optvis.RenderJobSettings;
import dev.visor.optvis.RenderListener;
import dev.visor.serve.ServeApp;
import dev.visor.serve.ServeSettings;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code visor serve} on loopback: time from POST to the first streamed image and to the end of a render,
 * against the same render run directly through {@link RenderJob} in the same process; then requests/s of the
 * page's static file, the status endpoints and a result file, with a fixed number of concurrent clients.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "visor serve: time to first streamed image; requests/s of static and status endpoints.")
public final class ServeBench implements Callable<Integer> {
    @Option(names = {"-m", "--model"}, defaultValue = "builtin:fashion-cnn", description = "model (default ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--layer", defaultValue = "conv2", description = "layer rendered (default ${DEFAULT-VALUE})")
    String layer;

    @Option(names = "--steps", defaultValue = "64", description = "render steps (default ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--renders", defaultValue = "5", description = "renders timed (default ${DEFAULT-VALUE})")
    int renders;

    @Option(names = "--clients", defaultValue = "4", description = "concurrent HTTP clients (default ${DEFAULT-VALUE})")
    int clients;

    @Option(names = "--requests", defaultValue = "4000", description = "requests per endpoint (default ${DEFAULT-VALUE})")
    int requests;

    @Override
    public Integer call() throws Exception {
        Path runs = Files.createTempDirectory("visor-serve-bench");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        double[] direct = new double[renders];
        double[] directFirst = new double[renders];
        try (Model m = ModelLoader.load(model)) {
            for (int i = 0; i < renders + 1; i++) { // one warm-up
                long t0 = System.nanoTime();
                double[] first = {-1};
                RenderListener l = new RenderListener() {
                    @Override
                    public void snapshot(int step, ai.djl.ndarray.NDArray image) {
                        if (first[0] < 0) {
                            dev.visor.data.Images.toImage(image.get(0));
                            first[0] = (System.nanoTime() - t0) / 1e6;
                        }
                    }

                    @Override
                    public int snapshotEvery() {
                        return Math.max(1, steps / 16);
                    }
                };
                RenderJob.run(m, RenderJobSettings.of(List.of(layer + ":" + i), runs.resolve("direct-" + i))
                        .withRecipe(Presets.small().toBuilder().steps(steps).build()), l);
                if (i > 0) {
                    direct[i - 1] = (System.nanoTime() - t0) / 1e6;
                    directFirst[i - 1] = first[0];
                }
            }
        }
        try (ServeApp app = ServeApp.start(ServeSettings.defaults(runs.resolve("runs")).withPort(0), () -> ModelLoader.load(model))) {
            String base = "http://127.0.0.1:" + app.port();
            double[] first = new double[renders];
            double[] total = new double[renders];
            String lastImage = null;
            for (int i = 0; i < renders + 1; i++) {
                long t0 = System.nanoTime();
                String body = "{\"layer\":\"" + layer + "\",\"unit\":" + i + ",\"steps\":" + steps + "}";
                String answer = http.send(HttpRequest.newBuilder(URI.create(base + "/api/jobs"))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                String id = answer.replaceFirst("^\\{\"id\":\"([^\"]+)\".*$", "$1");
                HttpResponse<java.io.InputStream> sse = http.send(HttpRequest.newBuilder(URI.create(base + "/api/jobs/" + id + "/events"))
                        .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofInputStream());
                double f = -1;
                try (BufferedReader r = new BufferedReader(new InputStreamReader(sse.body(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        if (f < 0 && line.equals("event: snapshot")) {
                            f = (System.nanoTime() - t0) / 1e6;
                        }
                        if (line.equals("event: done") || line.equals("event: failed")) {
                            break;
                        }
                    }
                }
                if (i > 0) {
                    first[i - 1] = f;
                    total[i - 1] = (System.nanoTime() - t0) / 1e6;
                }
                lastImage = "/runs/" + id + "/00_" + layer + "_" + i + ".png";
            }
            System.out.println("model " + model + ", layer " + layer + ", preset small with " + steps + " steps at the model's"
                    + " size, 1 worker, median of " + renders + " renders after one warm-up; direct: RenderJob.run in the same"
                    + " process, the same snapshots taken");
            BenchTable t = new BenchTable("path", "first image ms", "render done ms", "first image / direct first image",
                    "done / direct done");
            t.row("direct RenderJob", median(directFirst), median(direct), 1.0, 1.0);
            t.row("visor serve (POST → SSE)", median(first), median(total), median(first) / median(directFirst),
                    median(total) / median(direct));
            System.out.print(t.render());

            BenchTable q = new BenchTable("endpoint", "requests", "clients", "requests/s", "ratio to /app.js");
            double page = rate(http, base + "/app.js", clients, requests);
            q.row("GET /app.js (static, from the jar)", requests, clients, page, 1.0);
            for (String p : List.of("/api/queue", "/api/model", "/api/jobs/" + lastImage.split("/")[2], lastImage)) {
                double r = rate(http, base + p, clients, requests);
                q.row("GET " + p.replaceAll("-[0-9a-f]{12}", "-ID"), requests, clients, r, r / page);
            }
            System.out.println("loopback, HTTP/1.1 keep-alive, java.net.http clients in the same JVM as the server");
            System.out.print(q.render());
        }
        return 0;
    }

    private static double rate(HttpClient http, String url, int clients, int requests) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(url)).build();
        for (int i = 0; i < 200; i++) {
            http.send(req, HttpResponse.BodyHandlers.discarding());
        }
        AtomicInteger left = new AtomicInteger(requests);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long t0 = System.nanoTime();
        List<Future<Integer>> fs = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            fs.add(pool.submit(() -> {
                int bad = 0;
                while (left.getAndDecrement() > 0) {
                    if (http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
                        bad++;
                    }
                }
                return bad;
            }));
        }
        int bad = 0;
        for (Future<Integer> f : fs) {
            bad += f.get();
        }
        double s = (System.nanoTime() - t0) / 1e9;
        pool.shutdown();
        if (bad > 0) {
            throw new IllegalStateException(bad + " requests to " + url + " failed");
        }
        return requests / s;
    }

    private static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return c[c.length / 2];
    }
}
