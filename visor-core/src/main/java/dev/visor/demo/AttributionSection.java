package dev.visor.demo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.visor.attribution.Attribution;
import dev.visor.attribution.AttributionMap;
import dev.visor.attribution.AttributionMethod;
import dev.visor.attribution.AttributionWriter;
import dev.visor.attribution.Attributor;
import dev.visor.data.Dataset;
import dev.visor.data.Datasets;
import dev.visor.data.Images;
import dev.visor.data.Split;
import dev.visor.model.InputSpec;
import dev.visor.model.Model;
import dev.visor.report.Report;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Saliency, guided backprop and Grad-CAM of the model's top-1 class on the user's images, or else on
 * the first test image of each class.
 */
public final class AttributionSection implements DemoSection {
    private static final List<AttributionMethod> METHODS =
            List.of(AttributionMethod.SALIENCY, AttributionMethod.GUIDED_BACKPROP, AttributionMethod.GRAD_CAM);

    @Override
    public Report.Section run(DemoContext ctx) {
        Model model = ctx.model();
        InputSpec s = model.inputSpec();
        List<Path> files = ctx.settings().images();
        if (files.isEmpty() && ctx.settings().data() == null) {
            return null;
        }
        try (NDManager step = model.manager().newSubManager()) {
            NDArray x;
            List<String> names = new ArrayList<>();
            List<String> truths = new ArrayList<>();
            if (!files.isEmpty()) {
                x = Images.load(step, files, s.channels(), s.height(), s.width());
                for (Path f : files) {
                    names.add(f.getFileName().toString());
                    truths.add("");
                }
            } else {
                Dataset data = Datasets.open(ctx.settings().data(), Split.TEST);
                int[] idx = data.firstOfEachClass();
                x = data.images(step, idx, s.channels(), s.height(), s.width());
                for (int i : idx) {
                    names.add(data.name() + "#" + i);
                    truths.add(data.labelled() ? data.classNames().get(data.label(i)) + " → " : "");
                }
            }
            Attributor attributor = new Attributor(model);
            List<AttributionMap> rs = attributor.run(x, new Attribution(METHODS, null, null));
            String layer = rs.get(2).layer();
            Report.SectionBuilder b = new Report.SectionBuilder("Attribution")
                    .text("Which pixels drive the model's top-1 class: each row shows the input, the saliency map "
                            + "(|∂logit/∂x|, max over channels), guided backprop (signed, grey = 0) and Grad-CAM at layer '"
                            + layer + "' (upsampled bilinearly, over the grey photo). Sidecars give target and score.");
            for (int i = 0; i < names.size(); i++) {
                String stem = String.format("attribution/attr-%02d", i);
                AttributionWriter.Written w = AttributionWriter.write(model, names.get(i), x, i, rs, ctx.out(), stem);
                int c = rs.get(0).classes()[i];
                String label = c < model.labels().size() ? model.labels().get(c) : "class " + c;
                b.figure(ctx.out().relativize(w.grid()).toString().replace('\\', '/'),
                        names.get(i) + ": " + truths.get(i) + label + String.format(" (logit %.2f)", rs.get(0).scores()[i]),
                        ctx.out().relativize(w.maps().get(2)).toString().replace(".png", ".json").replace('\\', '/'), 480);
            }
            return b.build();
        }
    }
}
