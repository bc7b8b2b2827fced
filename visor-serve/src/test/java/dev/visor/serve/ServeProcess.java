package dev.visor.serve;

import dev.visor.io.ModelLoader;
import java.nio.file.Files;
import java.nio.file.Path;

/** A served app in its own JVM, for the test that kills a server mid-job: args RUNS PORTFILE; writes its port there. */
public final class ServeProcess {
    private ServeProcess() {}

    /** Entry point. */
    public static void main(String[] args) throws Exception {
        ServeApp app = ServeApp.start(ServeSettings.defaults(Path.of(args[0])).withPort(0).withWorkers(1),
                () -> ModelLoader.load(ServeFixture.MODEL));
        Path tmp = Path.of(args[1] + ".tmp");
        Files.writeString(tmp, Integer.toString(app.port()));
        Files.move(tmp, Path.of(args[1]));
        Thread.currentThread().join();
    }
}
