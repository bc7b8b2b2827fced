package dev.visor.cli;

import dev.visor.serve.ServeApp;
import dev.visor.serve.ServeSettings;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code visor serve}: the local web app (browse layers and units, render live, keep the runs). */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve a local web app: browse the model's layers and units, start renders and watch them",
            "converge (server-sent events), cancel them; every finished job is a run directory under --out.",
            "Binds 127.0.0.1 unless --host says otherwise; there is no authentication."})
public final class ServeCommand implements Callable<Integer> {
    @Mixin
    ModelOptionsMixin modelOptions;

    @Option(names = "--data", paramLabel = "DATA",
            description = "dataset whose first 16 test images the page offers for attribution, e.g. fashion-mnist (default: none)")
    String data;

    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "ADDR",
            description = "address to bind (default ${DEFAULT-VALUE}: this machine only; 0.0.0.0 exposes the app)")
    String host;

    @Option(names = "--port", defaultValue = "8080", paramLabel = "PORT", description = "TCP port (default ${DEFAULT-VALUE}; 0: any free port)")
    int port;

    @Option(names = "--out", defaultValue = "runs", paramLabel = "DIR", description = "runs folder, one run directory per job (default ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--workers", defaultValue = "1", paramLabel = "N", description = "jobs run at once, each with its own copy of the model (default ${DEFAULT-VALUE})")
    int workers;

    @Option(names = "--queue", defaultValue = "64", paramLabel = "Q", description = "jobs that may wait; more answer 429 (default ${DEFAULT-VALUE})")
    int queue;

    @Option(names = "--max-steps", defaultValue = "" + ServeSettings.DEFAULT_MAX_STEPS, paramLabel = "N",
            description = "most steps a request may ask for (default ${DEFAULT-VALUE})")
    int maxSteps;

    @Option(names = "--max-size", defaultValue = "" + ServeSettings.DEFAULT_MAX_SIZE, paramLabel = "PX",
            description = "largest image side a request may ask for (default ${DEFAULT-VALUE})")
    int maxSize;

    @Override
    public Integer call() throws InterruptedException {
        ServeSettings s = ServeSettings.defaults(out).withHost(host).withPort(port).withWorkers(workers).withQueue(queue)
                .withLimits(maxSteps, maxSize, ServeSettings.DEFAULT_MAX_BODY).withData(data);
        ServeApp app = ServeApp.start(s, modelOptions::load);
        for (String w : app.warnings()) {
            System.err.println("visor: warning: " + w);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            stopped.countDown();
        }, "visor-serve-stop"));
        System.out.println("visor serve: " + app.url() + "  (runs in " + app.store().root() + "; Ctrl-C stops)");
        stopped.await();
        return 0;
    }
}
