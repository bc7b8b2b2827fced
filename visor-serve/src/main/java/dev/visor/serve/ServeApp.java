package dev.visor.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.visor.VisorException;
import dev.visor.model.Model;
import dev.visor.optvis.Presets;
import dev.visor.optvis.RenderSettings;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.sse.SseClient;
import io.javalin.json.JavalinJackson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code visor serve}: a local web app over the render job. Browse the model's layers and units, start a
 * render, follow it (server-sent events: progress and intermediate images), cancel it; results are run
 * directories under the runs folder, the same files {@code visor render} writes.
 *
 * <p>Endpoints: {@code GET /} (the page), {@code GET /api/model}, {@code GET /api/presets}, {@code GET /api/samples},
 * {@code POST /api/jobs} (a render: {@code {"layer", "unit", "preset", "steps", "size", "seed", "learningRate"}}; an
 * attribution: {@code {"method": "attribute", "sample", "methods", "target"}}), {@code GET /api/jobs/ID},
 * {@code GET /api/jobs/ID/events} (SSE), {@code POST /api/jobs/ID/cancel}, {@code GET /api/queue},
 * {@code GET /api/runs}, {@code GET /runs/ID/FILE}. Errors are {@code {"error": "..."}} with a 4xx status.
 *
 * <p>Safety: bound to loopback unless told otherwise, and then only requests naming a loopback host are served
 * (no DNS rebinding); a POST from another site's page (an {@code Origin} other than this server) is refused; POST
 * bodies must be JSON and at most {@link ServeSettings#maxBody()} bytes; files are served only from the runs folder
 * ({@link RunStore#resolve}); a full queue answers 429 with Retry-After.
 */
public final class ServeApp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServeApp.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The most of a refused body the server reads before answering 413, so the answer reaches the client. */
    private static final long DRAIN_LIMIT = 4L << 20;
    private static final Map<String, String> TYPES = Map.of("png", "image/png", "json", "application/json",
            "csv", "text/csv; charset=utf-8", "txt", "text/plain; charset=utf-8", "npy", "application/octet-stream");
    private static final List<String> PAGES = List.of("index.html", "app.js", "app.css");
    private static final Set<String> LOOPBACK_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]");
    private static final String CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self';"
            + " connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    private final ServeSettings settings;
    private final ModelCatalog catalog;
    private final Samples samples;
    private final RunStore store;
    private final JobQueue queue;
    private final Map<String, byte[]> pages = new LinkedHashMap<>();
    private final Javalin app;
    private final List<String> warnings = new ArrayList<>();
    private final ExecutorService events = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "visor-serve-events");
        t.setDaemon(true);
        return t;
    });

    private ServeApp(ServeSettings settings, ModelCatalog catalog, Samples samples, Supplier<Model> models) {
        this.settings = settings;
        this.catalog = catalog;
        this.samples = samples;
        this.store = new RunStore(settings.runs());
        for (String page : PAGES) {
            pages.put(page, resource(page));
        }
        this.queue = new JobQueue(settings.workers(), settings.queue(), models, store);
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.http.maxRequestSize = settings.maxBody();
            config.jsonMapper(new JavalinJackson(JSON, false));
            config.routes.before(this::guard);
            config.routes.get("/", ctx -> page(ctx, "index.html", "text/html; charset=utf-8"));
            config.routes.get("/app.js", ctx -> page(ctx, "app.js", "text/javascript; charset=utf-8"));
            config.routes.get("/app.css", ctx -> page(ctx, "app.css", "text/css; charset=utf-8"));
            config.routes.get("/api/model", ctx -> ctx.json(catalog.json()));
            config.routes.get("/api/presets", ctx -> ctx.json(presets()));
            config.routes.get("/api/queue", ctx -> ctx.json(queue.json()));
            config.routes.get("/api/runs", ctx -> ctx.json(runs()));
            config.routes.get("/api/samples", ctx -> ctx.json(samples.json()));
            config.routes.get("/api/samples/{file}", this::sample);
            config.routes.post("/api/jobs", this::submit);
            config.routes.get("/api/jobs/{id}", ctx -> ctx.json(job(ctx).status()));
            config.routes.post("/api/jobs/{id}/cancel", this::cancel);
            config.routes.delete("/api/jobs/{id}", this::cancel);
            config.routes.before("/api/jobs/{id}/events", this::job);
            config.routes.sse("/api/jobs/{id}/events", this::follow);
            config.routes.get("/runs/<path>", this::file);
            config.routes.exception(ApiError.class, (e, ctx) -> {
                if (e.retryAfter() > 0) {
                    ctx.header("Retry-After", Long.toString(e.retryAfter()));
                }
                error(ctx, e.status(), e.getMessage());
            });
            config.routes.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(), e.getMessage()));
            config.routes.exception(VisorException.class, (e, ctx) -> error(ctx, 400, e.getMessage()));
            config.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("request {} {} failed", ctx.method(), ctx.path(), e);
                error(ctx, 500, "internal error");
            });
        });
    }

    /**
     * Reads the model's layers, starts the workers and the HTTP server.
     *
     * @param models makes a fresh copy of the model; called once for the catalog and once per worker
     */
    public static ServeApp start(ServeSettings settings, Supplier<Model> models) {
        ModelCatalog catalog;
        Samples samples;
        try (Model m = models.get()) {
            catalog = new ModelCatalog(m);
            samples = settings.data() == null ? Samples.none() : Samples.of(settings.data(), m);
        }
        ServeApp s = new ServeApp(settings, catalog, samples, models);
        if (!settings.loopback()) {
            s.warnings.add("listening on " + settings.host() + ": other machines can reach this server, which has no"
                    + " authentication; use --host 127.0.0.1 unless that is intended");
        }
        try {
            s.app.start(settings.host(), settings.port());
        } catch (RuntimeException e) {
            s.queue.close();
            throw new VisorException("cannot listen on " + settings.host() + ":" + settings.port() + ": "
                    + rootMessage(e), e);
        }
        return s;
    }

    /** The port the server listens on. */
    public int port() {
        return app.port();
    }

    /** The app's address, e.g. {@code http://127.0.0.1:8080/}. */
    public String url() {
        String h = settings.host().contains(":") ? "[" + settings.host() + "]" : settings.host();
        return "http://" + (h.equals("0.0.0.0") ? "127.0.0.1" : h) + ":" + port() + "/";
    }

    /** Lines the front end should show (e.g. bound beyond loopback). */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    /** The job queue. */
    public JobQueue queue() {
        return queue;
    }

    /** The runs folder. */
    public RunStore store() {
        return store;
    }

    /** Stops the HTTP server, then cancels and waits for the jobs. Finished runs are already on disk. */
    @Override
    public void close() {
        app.stop();
        queue.close();
        events.shutdown();
    }

    private void guard(Context ctx) {
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Content-Security-Policy", CSP);
        if (settings.loopback()) {
            String host = ctx.header("Host");
            String name = host == null ? "" : host.replaceFirst(":\\d+$", "").toLowerCase(Locale.ROOT);
            if (!LOOPBACK_HOSTS.contains(name)) {
                throw new ApiError(403, "this server answers only requests to localhost / 127.0.0.1");
            }
        }
        String origin = ctx.header("Origin");
        if (!ctx.method().name().equals("GET") && origin != null && !origin.equals("http://" + ctx.header("Host"))) {
            throw new ApiError(403, "cross-site requests are refused (Origin " + (origin.length() > 80 ? origin.substring(0, 80) : origin) + ")");
        }
    }

    private void page(Context ctx, String name, String type) {
        ctx.contentType(type).header("Cache-Control", "no-cache").result(pages.get(name));
    }

    private void submit(Context ctx) {
        String type = ctx.header("Content-Type");
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new ApiError(415, "send the request as Content-Type: application/json");
        }
        Map<String, Object> body = jsonBody(ctx);
        Object method = body.getOrDefault("method", "render");
        JobSpec r;
        if ("render".equals(method)) {
            r = RenderRequest.parse(body, catalog, settings);
        } else if ("attribute".equals(method)) {
            r = AttributionRequest.parse(body, catalog, samples);
        } else {
            throw new ApiError(400, "unknown method '" + method + "'; known: render, attribute");
        }
        JobQueue.Submission s = queue.submit(r);
        Map<String, Object> out = new LinkedHashMap<>(s.job().status());
        out.put("reused", s.reused());
        ctx.status(s.reused() ? 200 : 202).json(out);
    }

    private void cancel(Context ctx) {
        Job j = job(ctx);
        boolean did = queue.cancel(j);
        Map<String, Object> out = new LinkedHashMap<>(j.status());
        out.put("cancelled", did);
        ctx.json(out);
    }

    private Job job(Context ctx) {
        String id = ctx.pathParam("id");
        Job j = id.length() <= 200 ? queue.get(id) : null;
        if (j == null) {
            throw new ApiError(404, "no job '" + (id.length() > 80 ? id.substring(0, 80) + "..." : id) + "'");
        }
        return j;
    }

    private void follow(SseClient client) {
        Job j = queue.get(client.ctx().pathParam("id"));
        if (j == null) {
            client.close();
            return;
        }
        client.keepAlive();
        j.subscribe(new SseSubscriber(client, events));
    }

    private void sample(Context ctx) {
        String f = ctx.pathParam("file");
        if (!f.matches("\\d{1,4}\\.png") || Integer.parseInt(f.substring(0, f.length() - 4)) >= samples.size()) {
            throw new ApiError(404, "no sample " + (f.length() > 40 ? f.substring(0, 40) : f) + "; GET /api/samples lists them");
        }
        ctx.contentType("image/png").result(samples.png(Integer.parseInt(f.substring(0, f.length() - 4))));
    }

    private void file(Context ctx) {
        String uri = ctx.req().getRequestURI();
        if (!uri.startsWith("/runs/")) {
            throw new ApiError(400, "bad file path");
        }
        Path real = store.resolve(uri.substring("/runs/".length()));
        String name = real.getFileName().toString();
        String type = TYPES.get(name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT));
        if (type == null) {
            throw new ApiError(404, "only " + String.join(", ", TYPES.keySet()) + " files are served");
        }
        try {
            ctx.contentType(type).header("Cache-Control", "no-cache").result(Files.newInputStream(real));
        } catch (IOException e) {
            throw new ApiError(404, "no such file");
        }
    }

    private Map<String, Object> jsonBody(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > settings.maxBody()) {
            drain(ctx, declared);
            throw new ApiError(413, "request body of " + declared + " bytes is larger than the " + settings.maxBody() + " allowed");
        }
        byte[] bytes;
        try {
            bytes = ctx.req().getInputStream().readNBytes(settings.maxBody() + 1);
        } catch (IOException e) {
            throw new ApiError(400, "cannot read the request body");
        }
        if (bytes.length > settings.maxBody()) {
            drain(ctx, -1);
            throw new ApiError(413, "request body is larger than the " + settings.maxBody() + " bytes allowed");
        }
        try {
            Object v = JSON.readValue(bytes, Object.class);
            if (!(v instanceof Map<?, ?> m)) {
                throw new ApiError(400, "the body must be a JSON object");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> map = (Map<String, Object>) m;
            return map;
        } catch (IOException e) {
            throw new ApiError(400, "the body is not valid JSON");
        }
    }

    /**
     * Reads and discards what is left of a refused body (at most {@link #DRAIN_LIMIT} bytes) and asks for the
     * connection to be closed. Without this the server closes a socket with unread bytes in it, the kernel answers the
     * still-sending client with a reset, and the client loses the 413 it was sent (seen as "header parser received no
     * bytes" in CI).
     */
    private static void drain(Context ctx, long declared) {
        ctx.header("Connection", "close");
        if (declared > DRAIN_LIMIT) {
            return; // a client that declares this much should have sent Expect: 100-continue
        }
        try {
            InputStream in = ctx.req().getInputStream();
            byte[] sink = new byte[8192];
            long left = DRAIN_LIMIT;
            for (int n; left > 0 && (n = in.read(sink, 0, (int) Math.min(sink.length, left))) > 0; ) {
                left -= n;
            }
        } catch (IOException e) {
            // the client went away: nothing left to protect
        }
    }

    private List<Map<String, Object>> presets() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String name : Presets.names()) {
            if (name.startsWith("invert") || name.startsWith("mfv")) {
                continue; // recipes for other jobs (inversion, facets)
            }
            RenderSettings p = Presets.get(name);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", name);
            m.put("steps", p.steps());
            m.put("size", p.size());
            m.put("parameterization", p.parameterization());
            m.put("optimizer", p.optimizer());
            out.add(m);
        }
        return out;
    }

    private List<Map<String, Object>> runs() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String id : store.runs()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id);
            List<String> files = store.files(id);
            m.put("files", files.stream().map(f -> "/runs/" + id + "/" + f).toList());
            m.put("image", files.stream().filter(f -> f.endsWith(".png") && !f.equals("grid.png")
                    && !f.endsWith("_input.png")).findFirst().map(f -> "/runs/" + id + "/" + f).orElse(null));
            out.add(m);
            if (out.size() >= 200) {
                break;
            }
        }
        return out;
    }

    private static void error(Context ctx, int status, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error", message == null ? "error" : message);
        m.put("status", status);
        ctx.status(status).json(m);
    }

    private static byte[] resource(String name) {
        try (InputStream in = ServeApp.class.getResourceAsStream("web/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource web/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
