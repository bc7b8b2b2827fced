package dev.visor.dissect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The synthetic set's texture pick is uniform: half the images are textures, each of the 10 equally likely. Counted
 * through the reader (index.csv's texture column), not the generator. The 1.67 % coverage of stripes-horizontal in
 * DissectTest's 300-image set (seed 7) is the draw: 133 texture images of which 5 are stripes-horizontal, where
 * Binomial(133, 0.1) has mean 13.3 and P(X <= 5) ≈ 0.01; over many images every texture is at 5 %.
 */
class SynthTextureBalanceTest {
    @TempDir
    Path tmp;

    private static int[] textureImages(ProbeSet p) {
        int first = SynthConcepts.texture(0);
        int[] n = new int[SynthConcepts.TEXTURES.size()];
        for (ProbeImage e : p.entries()) {
            for (int label : e.whole().getOrDefault("texture", new int[0])) {
                n[label - first]++;
            }
        }
        return n;
    }

    @Test
    void everyTextureIsEquallyLikely() {
        int images = 3000;
        ProbeSet p = ProbeSet.open(SynthProbeSet.write(SynthSettings.defaults().withImages(images).withSize(16).withSeed(7),
                tmp.resolve("big")));
        int[] n = textureImages(p);
        int textures = java.util.Arrays.stream(n).sum();
        // half the images are textures: within 4 standard deviations of Binomial(3000, 0.5)
        assertThat(Math.abs(textures - images / 2.0)).isLessThan(4 * Math.sqrt(images * 0.25));
        double expected = textures / (double) n.length;
        double chi2 = 0;
        for (int k : n) {
            chi2 += (k - expected) * (k - expected) / expected;
        }
        System.out.printf("texture images of %d: %s, chi² = %.1f (9 df; 27.9 at p = 0.001)%n", images, java.util.Arrays.toString(n), chi2);
        assertThat(chi2).isLessThan(27.9);

        ProbeSet small = ProbeSet.open(SynthProbeSet.write(SynthSettings.defaults().withImages(300).withSize(16).withSeed(7),
                tmp.resolve("small")));
        int[] s = textureImages(small);
        assertThat(java.util.Arrays.stream(s).sum()).isEqualTo(133);
        assertThat(s[SynthConcepts.TEXTURES.indexOf("stripes-horizontal")]).isEqualTo(5);
    }
}
