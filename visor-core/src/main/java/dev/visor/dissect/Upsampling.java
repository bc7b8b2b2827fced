package dev.visor.dissect;

import dev.visor.VisorException;
import dev.visor.model.Model;
import dev.visor.model.ReceptiveField;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How pass 2 places a unit's feature map on the probe's masks ({@link UnitMask}). */
public enum Upsampling {
    /** Bilinear with pixel centres aligned over the whole image (the default). */
    BILINEAR("bilinear"),
    /** Bilinear between the centres of the units' receptive fields. */
    RECEPTIVE_FIELD("receptive-field");

    private final String flag;

    Upsampling(String flag) {
        this.flag = flag;
    }

    /** The name used on the command line and in sidecars. */
    public String flag() {
        return flag;
    }

    /** The value named {@code name}; an error lists the valid names. */
    public static Upsampling parse(String name) {
        for (Upsampling u : values()) {
            if (u.flag.equals(name.toLowerCase(Locale.ROOT))) {
                return u;
            }
        }
        throw new VisorException("--upsample must be one of " + Arrays.stream(values()).map(Upsampling::flag)
                .collect(Collectors.joining(", ")) + ", got '" + name + "'");
    }

    /** Makes a layer's masks. */
    @FunctionalInterface
    public interface Masks {
        /** The upsampler of an {@code h×w} map to {@code outH×outW} masks. */
        UnitMask of(int h, int w, int outH, int outW);
    }

    /** The mask maker of {@code layer} of {@code model} (which must stay open only while this call runs). */
    public Masks forLayer(Model model, String layer) {
        if (this == BILINEAR) {
            return UnitMask::new;
        }
        ReceptiveField f = ReceptiveField.of(model, layer);
        int inH = model.inputSpec().height();
        int inW = model.inputSpec().width();
        return (h, w, outH, outW) -> UnitMask.fieldAligned(h, w, outH, outW, f, inH, inW);
    }
}
