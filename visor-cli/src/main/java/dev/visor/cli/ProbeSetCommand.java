package dev.visor.cli;

import dev.visor.dissect.ProbeSet;
import dev.visor.dissect.SynthProbeSet;
import dev.visor.dissect.SynthSettings;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code visor probe-set synth}: writes a synthetic Broden-format probe set with exact masks. */
@Command(name = "probe-set", mixinStandardHelpOptions = true, subcommands = ProbeSetCommand.Synth.class,
        description = "Probe sets for `visor dissect` (Broden format).")
public final class ProbeSetCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    /** {@code visor probe-set synth --out DIR --images N --size S --seed S [--textures DIR]}. */
    @Command(name = "synth", mixinStandardHelpOptions = true,
            description = "Write a synthetic Broden-format probe set: colour regions (11 colour terms), whole-image textures,"
                    + " objects with parts, all with exact masks; the same seed writes the same bytes.")
    public static final class Synth implements Callable<Integer> {
        @Option(names = "--out", required = true, paramLabel = "DIR", description = "output folder")
        Path out;

        @Option(names = "--images", defaultValue = "" + SynthSettings.DEFAULT_IMAGES, description = "images (default ${DEFAULT-VALUE})")
        int images;

        @Option(names = "--size", defaultValue = "" + SynthSettings.DEFAULT_SIZE, description = "image side (default ${DEFAULT-VALUE})")
        int size;

        @Option(names = "--seed", defaultValue = "0", description = "seed (default ${DEFAULT-VALUE})")
        long seed;

        @Option(names = "--textures", paramLabel = "DIR",
                description = "add natural textures: one sub-folder of image files per texture concept, named for it")
        Path textures;

        @Override
        public Integer call() {
            SynthSettings s = SynthSettings.defaults().withImages(images).withSize(size).withSeed(seed).withTextures(textures);
            dev.visor.report.OutputDir.prepare(out);
            ProbeSet p = ProbeSet.open(SynthProbeSet.write(s, out));
            System.out.printf("%d images of %d×%d with %d labels in %s%n", p.size(), size, size, p.labels().size(), out);
            return 0;
        }
    }
}
