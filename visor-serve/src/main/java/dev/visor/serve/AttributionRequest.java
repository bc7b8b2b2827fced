package dev.visor.serve;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.visor.VisorException;
import dev.visor.attribution.Attribution;
import dev.visor.attribution.AttributionMap;
import dev.visor.attribution.AttributionMethod;
import dev.visor.attribution.AttributionWriter;
import dev.visor.attribution.Attributor;
import dev.visor.data.Images;
import dev.visor.model.Model;
import dev.visor.optvis.RenderListener;
import dev.visor.optvis.objective.ModelShapes;
import dev.visor.optvis.objective.ObjectiveParser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A validated attribution request: maps of one sample image ({@code --data}) for a class logit (default: the
 * image's top-1 class), written as {@code visor attribute} writes them ({@link AttributionWriter}).
 *
 * @param sample  index into the samples
 * @param methods the methods, in order
 * @param target  class index whose logit is explained; -1: each image's top-1 class
 * @param samples the samples
 * @param id      {@code attribute-sample<i>-<hash>}
 */
public record AttributionRequest(int sample, List<AttributionMethod> methods, int target, Samples samples, String id)
        implements JobSpec {
    /** Fields a request body may have. */
    public static final Set<String> FIELDS = new TreeSet<>(List.of("method", "sample", "methods", "target"));

    /** Checks a request body. @throws ApiError 400 naming the bad field and what is valid */
    public static AttributionRequest parse(Map<String, Object> body, ModelCatalog catalog, Samples samples) {
        for (String k : body.keySet()) {
            if (!FIELDS.contains(k)) {
                throw new ApiError(400, "unknown field '" + k + "' for method attribute; known: " + String.join(", ", FIELDS));
            }
        }
        if (samples.size() == 0) {
            throw new ApiError(400, "no sample images: start the server with --data (e.g. --data fashion-mnist)");
        }
        long i = RenderRequest.integer(body, "sample", -1);
        if (i < 0 || i >= samples.size()) {
            throw new ApiError(400, "sample " + i + " is out of range; use 0 to " + (samples.size() - 1));
        }
        List<AttributionMethod> ms;
        try {
            ms = AttributionMethod.parseList(RenderRequest.string(body, "methods", "saliency,guided,deconvnet,gradcam"));
        } catch (VisorException e) {
            throw new ApiError(400, e.getMessage());
        }
        int classes = catalog.labels().size();
        long t = body.containsKey("target") ? RenderRequest.integer(body, "target", 0) : -1;
        if (body.containsKey("target") && (t < 0 || (classes > 0 && t >= classes))) {
            throw new ApiError(400, "target " + t + " is out of range; give a class index 0 to " + (classes - 1)
                    + " or leave it out for the image's top-1 class");
        }
        Map<String, Object> key = new LinkedHashMap<>();
        key.put("model", catalog.source());
        key.put("data", samples.source());
        key.put("sample", i);
        key.put("methods", ms.stream().map(AttributionMethod::key).toList());
        key.put("target", t);
        return new AttributionRequest((int) i, List.copyOf(ms), (int) t, samples,
                "attribute-sample" + i + "-" + RenderRequest.hash(key));
    }

    @Override
    public int steps() {
        return methods.size();
    }

    @Override
    public void run(Model model, Path dir, RenderListener listener) {
        listener.started(methods.size(), 1);
        var s = model.inputSpec();
        try (NDManager m = model.manager().newSubManager()) {
            NDArray x = Images.toTensor(m, samples.image(sample), s.channels(), s.height(), s.width());
            Attribution settings = new Attribution(methods, target < 0 ? null
                    : ObjectiveParser.parse("logit(" + target + ")", new ModelShapes(model)), null);
            List<AttributionMap> maps = new Attributor(model).run(x, settings);
            dev.visor.report.OutputDir.prepare(dir);
            AttributionWriter.write(model, samples.source() + "#" + sample, x, 0, maps, dir, String.format("%02d_sample%d", 0, sample));
            listener.stepped(methods.size() - 1, maps.get(0).scores());
        }
    }

    @Override
    public String image(List<String> files) {
        return files.stream().filter(f -> f.endsWith("_grid.png")).findFirst().orElse(null);
    }

    @Override
    public Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("method", "attribute");
        m.put("sample", sample);
        List<String> keys = new ArrayList<>();
        for (AttributionMethod a : methods) {
            keys.add(a.key());
        }
        m.put("methods", keys);
        m.put("target", target < 0 ? null : target);
        return m;
    }
}
