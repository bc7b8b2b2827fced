package dev.visor.optvis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.visor.VisorException;
import dev.visor.engine.RunRandom;
import dev.visor.job.Shard;
import dev.visor.model.Model;
import dev.visor.optvis.param.ParameterizationKind;
import dev.visor.optvis.step.StepRuleKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The render jobs' contracts: checks before work, named settings, typed registries, split-independent seeds. */
class RenderJobTest {
    @TempDir
    Path tmp;

    @Test
    void anUnwritableOutputStopsTheJobBeforeTheFirstStep() throws Exception {
        Path file = Files.writeString(tmp.resolve("plain-file"), "x");
        List<String> events = new ArrayList<>();
        RenderListener spy = new RenderListener() {
            @Override
            public void started(int steps, int batch) {
                events.add("started");
            }
        };
        try (Model model = TinyNets.conv(3, 16, 1)) {
            RenderJobSettings s = RenderJobSettings.of(List.of("conv1:0"), file.resolve("out"))
                    .withRecipe(Presets.small().with("steps", 3));
            assertThatThrownBy(() -> RenderJob.run(model, s, spy)).isInstanceOf(VisorException.class)
                    .hasMessageStartingWith("cannot write to output folder");
            LayerRenderSettings l = LayerRenderSettings.of("conv1", file).withRecipe(Presets.small().with("steps", 3));
            assertThatThrownBy(() -> LayerRenderJob.run(model, l, new LayerRenderJob.Listener() {
                @Override
                public RenderListener batch(String task) {
                    return spy;
                }
            })).hasMessage("cannot write to output folder " + file + ": it is a file");
        }
        assertThat(events).isEmpty();
    }

    @Test
    void aListenerCanStreamSnapshotsAndCancelAJobWhichThenWritesNothing() throws Exception {
        List<Integer> seen = new ArrayList<>();
        int[] steps = {0};
        RenderListener live = new RenderListener() {
            @Override
            public void stepped(int step, float[] scores) {
                steps[0] = step + 1;
            }

            @Override
            public void snapshot(int step, ai.djl.ndarray.NDArray image) {
                seen.add(step);
                assertThat(image.getShape().get(0)).isEqualTo(1);
            }

            @Override
            public int snapshotEvery() {
                return 3;
            }

            @Override
            public boolean cancelRequested() {
                return steps[0] >= 7;
            }
        };
        Path out = tmp.resolve("cancelled");
        try (Model model = TinyNets.conv(3, 16, 1)) {
            RenderJobSettings s = RenderJobSettings.of(List.of("conv1:0"), out).withRecipe(Presets.small().with("steps", 50));
            assertThatThrownBy(() -> RenderJob.run(model, s, live)).isInstanceOf(dev.visor.job.JobCancelledException.class)
                    .hasMessage("cancelled at step 7");
            assertThat(seen).containsExactly(3, 6);
            try (var files = Files.list(out)) {
                assertThat(files).as("a cancelled job writes nothing").isEmpty();
            }
            seen.clear();
            steps[0] = -100; // never cancels now: the same listener's snapshots are streamed, not kept in the result
            RenderJobSettings t = RenderJobSettings.of(List.of("conv1:0"), out).withRecipe(Presets.small().with("steps", 7));
            RenderJob.run(model, t, new RenderListener() {
                @Override
                public void snapshot(int step, ai.djl.ndarray.NDArray image) {
                    seen.add(step);
                }

                @Override
                public int snapshotEvery() {
                    return 2;
                }
            });
            assertThat(seen).containsExactly(2, 4, 6);
        }
    }

    @Test
    void settingsAreBuiltByNameAndCheckedOnConstruction() {
        RenderSettings s = RenderSettings.builder().steps(7).size(40).optimizer("sgd").momentum(0.9).build();
        assertThat(s.steps()).isEqualTo(7);
        assertThat(s.size()).isEqualTo(40);
        assertThat(s.toBuilder().build()).isEqualTo(s);
        assertThat(s.with("steps", 9)).isEqualTo(s.toBuilder().steps(9).build());
        assertThatThrownBy(() -> RenderSettings.builder().size(100_000).build()).isInstanceOf(VisorException.class)
                .hasMessageContaining("size = 100000 is out of range");
        assertThatThrownBy(() -> Presets.fourier().with("learningRate", -1)).isInstanceOf(VisorException.class)
                .hasMessage("render setting learningRate = -1.0 is out of range; use a positive number");
    }

    @Test
    void registriesListTheKindsOnTheClassPathAndNameThemInErrors() {
        assertThat(ParameterizationKind.registry().names()).containsExactly("fourier", "latent", "pixel", "pixel-sigmoid");
        assertThat(StepRuleKind.registry().names()).containsExactly("adam", "normalized", "ppgn", "sgd");
        assertThat(ParameterizationKind.registry().get("pixel").rawPixels()).isTrue();
        assertThatThrownBy(() -> StepRuleKind.registry().get("rmsprop"))
                .hasMessage("unknown optimizer 'rmsprop'; known: adam, normalized, ppgn, sgd");
    }

    @Test
    void derivedSeedsDependOnlyOnSeedAndKey() {
        Set<Long> seen = new HashSet<>();
        for (long key = 0; key < 1000; key++) {
            assertThat(RunRandom.derive(5, key)).isEqualTo(RunRandom.derive(5, key));
            seen.add(RunRandom.derive(5, key));
        }
        assertThat(seen).hasSize(1000);
        assertThat(RunRandom.derive(5, 3)).isNotEqualTo(RunRandom.derive(6, 3));
        assertThat(Shard.parse("1/3").owns(4)).isTrue();
        assertThat(Shard.parse("1/3").owns(5)).isFalse();
        assertThatThrownBy(() -> Shard.parse("3/3")).hasMessage("bad --shard '3/3'; write I/N with 0 <= I < N, e.g. 0/4");
    }
}
