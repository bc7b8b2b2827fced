package dev.visor.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.onnx.proto.OnnxMl.ModelProto;
import dev.visor.VisorException;
import dev.visor.io.keras.TestPaths;
import dev.visor.io.onnx.OnnxExporter;
import dev.visor.io.visor.VisorModelFile;
import dev.visor.model.Model;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

/**
 * Issue 8, must-show 7: darknet-tiny exported to ONNX and its TF.js files (model.json + shards) are
 * mutated {@value #ITERATIONS} times from a printed seed (truncations, bit flips in the header and
 * anywhere, JSON value edits and removed keys, protobuf edits of dims / dtypes / raw_data / attributes,
 * huge declared sizes), plus {@value #VISOR_ITERATIONS} mutations of builtin:fashion-cnn saved in
 * Visor's format. Every load must end within 10 s in a model (whose forward on a small input either
 * works or throws a one-line {@link VisorException}) or a one-line {@link VisorException}; nothing else
 * (another exception type, an OutOfMemoryError, a hang; a JVM crash kills the fork, which Surefire
 * reports as a failure).
 *
 * <p>Replay with {@code -Dvisor.fuzz.seed=N}; {@code -Dvisor.fuzz.only=I} runs iteration I alone;
 * {@code -Dvisor.fuzz.verbose=true} prints each mutation before it is loaded (to name the one a crash hit).
 */
class ImporterFuzzTest {
    static final int ITERATIONS = 500;
    static final int VISOR_ITERATIONS = 50;
    /** {@code -Dvisor.fuzz.visor=N} runs N Visor-format mutations instead (a deeper hunt in that format). */
    private static final int VISOR_RUNS = Integer.getInteger("visor.fuzz.visor", VISOR_ITERATIONS);
    private static final Duration LIMIT = Duration.ofSeconds(10);
    /** Darknet is fully convolutional: the fuzzed copies load at 32 px so 500 forwards stay cheap. */
    private static final ModelOptions SMALL = new ModelOptions(32, null, null, null, null, null, null, null);

    @TempDir
    static Path tmp;
    private static Path onnxFile;
    private static byte[] onnxBytes;
    private static ModelProto onnxProto;
    private static Path tfjsDir;
    private static Map<String, byte[]> tfjsFiles;
    private static Path visorDir;
    private static Map<String, byte[]> visorFiles;

    @BeforeAll
    static void exportTheModels() throws IOException {
        Path darknet = TestPaths.shared().resolve("models/darknet-tiny");
        onnxFile = tmp.resolve("onnx/darknet.onnx");
        Files.createDirectories(onnxFile.getParent());
        try (Model m = ModelLoader.load(darknet.toString())) {
            OnnxExporter.write(m, onnxFile);
        }
        onnxBytes = Files.readAllBytes(onnxFile);
        onnxProto = ModelProto.parseFrom(onnxBytes);
        tfjsDir = Files.createDirectories(tmp.resolve("tfjs"));
        tfjsFiles = copyAll(darknet, tfjsDir, "model.json", "group");
        visorDir = tmp.resolve("visor");
        try (Model m = ModelLoader.load("builtin:fashion-cnn")) {
            VisorModelFile.write(m, null, visorDir);
        }
        visorFiles = copyAll(visorDir, visorDir, VisorModelFile.JSON, VisorModelFile.WEIGHTS);
    }

    private static Map<String, byte[]> copyAll(Path from, Path to, String... prefixes) throws IOException {
        Map<String, byte[]> r = new TreeMap<>();
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) {
                String n = f.getFileName().toString();
                if (Stream.of(prefixes).anyMatch(n::startsWith)) {
                    byte[] b = Files.readAllBytes(f);
                    r.put(n, b);
                    if (!from.equals(to)) {
                        Files.write(to.resolve(n), b);
                    }
                }
            }
        }
        return r;
    }

    @Test
    void everyMutatedFileLoadsOrIsRefusedInOneLine() throws IOException {
        long seed = Long.getLong("visor.fuzz.seed", System.nanoTime());
        int only = Integer.getInteger("visor.fuzz.only", -1);
        System.out.println("fuzz seed = " + seed + " (replay: -Dvisor.fuzz.seed=" + seed + ")");
        long start = System.nanoTime();
        Map<String, Integer> outcomes = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < ITERATIONS + VISOR_RUNS; i++) {
            if (only >= 0 && i != only) {
                continue;
            }
            Random r = new Random(seed ^ (0x9E3779B97F4A7C15L * (i + 1)));
            FuzzMutations mut = new FuzzMutations(r);
            String kind;
            String spec;
            Runnable restore;
            if (i >= ITERATIONS) {
                kind = "visor";
                String file = r.nextInt(3) == 0 ? VisorModelFile.WEIGHTS : VisorModelFile.JSON;
                byte[] orig = visorFiles.get(file);
                Files.write(visorDir.resolve(file), mutateFile(mut, r, orig, file.endsWith(".json")));
                spec = visorDir.toString();
                restore = () -> write(visorDir.resolve(file), orig);
                kind += " " + file;
            } else if (i % 2 == 0) {
                kind = "onnx";
                Files.write(onnxFile, mutateOnnx(mut, r));
                spec = onnxFile.toString();
                restore = () -> { };
            } else {
                kind = "tfjs";
                List<String> names = new ArrayList<>(tfjsFiles.keySet());
                String file = r.nextBoolean() ? "model.json" : names.get(r.nextInt(names.size()));
                byte[] orig = tfjsFiles.get(file);
                Files.write(tfjsDir.resolve(file), mutateFile(mut, r, orig, file.endsWith(".json")));
                spec = tfjsDir.toString();
                restore = () -> write(tfjsDir.resolve(file), orig);
                kind += " " + file;
            }
            boolean small = !kind.startsWith("visor");
            String what = "iteration " + i + " (" + kind + ": " + mut.last + ")";
            if (Boolean.getBoolean("visor.fuzz.verbose")) {
                System.out.println("  " + what);
            }
            String outcome;
            try {
                outcome = assertTimeoutPreemptively(LIMIT, () -> loadAndRun(spec, small));
            } catch (AssertionFailedError e) {
                outcome = "FAIL hang";
                failures.add(what + ": no result within " + LIMIT.toSeconds() + " s");
            } catch (OutOfMemoryError e) {
                outcome = "FAIL OutOfMemoryError";
                failures.add(what + ": " + e);
            } catch (Throwable e) {
                outcome = "FAIL " + e.getClass().getSimpleName();
                failures.add(what + ": " + e.getClass().getName() + ": " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
            } finally {
                restore.run();
            }
            if (outcome.startsWith("FAIL")) {
                System.out.println("  " + failures.get(failures.size() - 1));
            }
            outcomes.merge(kind.split(" ")[0] + ": " + outcome, 1, Integer::sum);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("fuzz: %d iterations in %.1f s; outcomes %s%n", only >= 0 ? 1 : ITERATIONS + VISOR_RUNS,
                seconds, outcomes);
        assertThat(failures).as("seed %d: loads that did not end in a model or a one-line VisorException", seed).isEmpty();
    }

    private static byte[] mutateOnnx(FuzzMutations mut, Random r) {
        int k = r.nextInt(20);
        if (k < 3) {
            return mut.truncate(onnxBytes);
        } else if (k < 6) {
            return mut.flipHeader(onnxBytes);
        } else if (k < 9) {
            return mut.flipAnywhere(onnxBytes);
        } else if (k < 17) {
            return mut.editOnnx(onnxProto, false);
        }
        return mut.editOnnx(onnxProto, true);
    }

    private static byte[] mutateFile(FuzzMutations mut, Random r, byte[] orig, boolean json) {
        int k = r.nextInt(json ? 10 : 3);
        return switch (k) {
            case 0 -> mut.truncate(orig);
            case 1 -> mut.flipHeader(orig);
            case 2 -> mut.flipAnywhere(orig);
            case 9 -> mut.editJson(orig, true);
            default -> mut.editJson(orig, false);
        };
    }

    /** Loads; on success runs one small forward. Returns the outcome; throws what the test must not see. */
    private static String loadAndRun(String spec, boolean small) {
        Model m;
        try {
            m = small ? ModelLoader.load(spec, SMALL) : ModelLoader.load(spec);
        } catch (VisorException e) {
            oneLine(e);
            return "refused at load";
        }
        try (m; NDManager step = m.manager().newSubManager()) {
            long[] shape = m.graph().inputShape().clone();
            long elements = 1;
            for (int d = 0; d < shape.length; d++) {
                shape[d] = shape[d] > 0 ? shape[d] : d == 0 ? 1 : 32;
                elements = Math.multiplyExact(elements, shape[d]);
            }
            if (elements > 1 << 22) {
                return "loaded, input too big to try";
            }
            NDArray x = step.randomUniform(0f, 1f, new Shape(shape), DataType.FLOAT32);
            m.forward(x).output();
            return "loaded and ran";
        } catch (VisorException e) {
            oneLine(e);
            return "loaded, forward refused";
        }
    }

    private static void oneLine(VisorException e) {
        String msg = e.getMessage();
        if (Boolean.getBoolean("visor.fuzz.verbose")) {
            System.out.println("    -> " + msg + (e.getCause() instanceof RuntimeException c && !(c instanceof VisorException)
                    ? "   [wrapped " + c.getClass().getName() + "]" : ""));
        }
        if (msg == null || msg.isBlank() || msg.contains("\n")) {
            throw new AssertionError("VisorException message is not one line: " + msg, e);
        }
    }

    private static void write(Path f, byte[] b) {
        try {
            Files.write(f, b);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
