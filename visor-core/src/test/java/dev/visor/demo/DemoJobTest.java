package dev.visor.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.visor.data.FashionMnist;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The main job on the built-in default writes a report whose numbers and renders check out. */
class DemoJobTest {
    static final List<String> CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt",
            "Sneaker", "Bag", "Ankle boot");

    @TempDir
    Path out;

    @Test
    void defaultDemoReportsAccuracyAndClassRendersTheModelRecognises() throws IOException {
        Assumptions.assumeTrue(Files.isDirectory(FashionMnist.DEBIAN_DIR), "dataset-fashion-mnist is not installed");
        DemoSettings settings = new DemoSettings("builtin:fashion-cnn", "fashion-mnist", List.of(), out, 0);
        Path index = DemoJob.standard().run(settings, s -> { });
        String html = Files.readString(index);
        // ... and ends with the gallery of its run directories (ReportCommandTest crawls such a site)
        String gallery = Files.readString(DemoJob.galleryIndex(settings));
        assertThat(gallery).contains("bn1").contains("bn2").contains("relu2").contains("classes");
        for (String section : List.of("Model", "Evaluation", "Samples", "Attribution", "Activation maximisation", "Inversion",
                "Zeiler–Fergus projections", "Sanity checks", "Network dissection", "Facets",
                "PPGN: class, caption and inpainting samples")) {
            assertThat(html).contains("<h2>" + section + "</h2>");
        }
        // A page per class for the facets, linked from the main report, with its renders, montages and scatter.
        for (int c = 0; c < 10; c++) {
            String link = "facets/class_" + c + "/index.html";
            assertThat(html).contains("href=\"" + link + "\"");
            String page = Files.readString(out.resolve(link));
            assertThat(page).contains("<h2>Facets</h2>", "<h2>Real images of each facet</h2>", "<h2>t-SNE</h2>",
                    "<h2>Numbers</h2>", "src=\"tsne.png\"", "href=\"../../index.html\"");
            for (String img : java.util.regex.Pattern.compile("src=\"([^\"]+)\"").matcher(page).results().map(m -> m.group(1)).toList()) {
                assertThat(out.resolve("facets/class_" + c).resolve(img)).as(link + " shows " + img).isRegularFile();
            }
        }
        // The shipped model's recorded test accuracy (TRAINING.md), recomputed by the report on all 10k images.
        assertThat(html).contains("Accuracy 92.73% (9273 of 10000)");
        // Each class render, saved as a PNG and judged by the model at its input size, is its own class
        // (only the render section: the samples section has captions of the same form).
        String renders = html.substring(html.indexOf("<h2>Activation maximisation</h2>"));
        for (String c : CLASSES) {
            String label = c.replace("/", "&#x2F;");
            assertThat(renders).containsPattern("(" + java.util.regex.Pattern.quote(c) + "|" + java.util.regex.Pattern.quote(label)
                    + ") → (" + java.util.regex.Pattern.quote(c) + "|" + java.util.regex.Pattern.quote(label) + ") ");
        }
        ObjectMapper json = new ObjectMapper();
        try (var files = Files.walk(out.resolve("renders"))) {
            List<Path> pngs = files.filter(p -> p.toString().endsWith(".png") && !p.toString().endsWith("grid.png")).toList();
            assertThat(pngs).hasSizeGreaterThanOrEqualTo(10);
            java.util.Map<String, java.util.Set<Long>> seedsByRender = new java.util.TreeMap<>();
            for (Path png : pngs) {
                JsonNode side = json.readTree(png.resolveSibling(png.getFileName().toString().replace(".png", ".json")).toFile());
                assertThat(side.get("settings").get("preset").asText()).isEqualTo("small");
                String render = png.getParent().getFileName() + "/" + side.get("batch_objectives").toString();
                seedsByRender.computeIfAbsent(render, k -> new java.util.HashSet<>()).add(side.get("seed").asLong());
            }
            // One seed per optimisation (the class renders, each layer's units), each derived anew from the run's seed.
            assertThat(seedsByRender).hasSizeGreaterThan(1).allSatisfy((render, seeds) -> assertThat(seeds).hasSize(1));
            assertThat(seedsByRender.values().stream().map(v -> v.iterator().next()).distinct().count())
                    .isEqualTo(seedsByRender.size());
        }
    }
}
