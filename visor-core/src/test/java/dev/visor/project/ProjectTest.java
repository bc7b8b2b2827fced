package dev.visor.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.visor.VisorException;
import dev.visor.attribution.AttributionMethod;
import dev.visor.attribution.Attributor;
import dev.visor.attribution.InputImage;
import dev.visor.data.Images;
import dev.visor.engine.Engines;
import dev.visor.model.Attributes;
import dev.visor.model.Graph;
import dev.visor.model.InputSpec;
import dev.visor.model.Model;
import dev.visor.optvis.objective.Objectives;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Zeiler–Fergus projections on a conv → ReLU → max-pool → conv(1×1) → ReLU → global-pool network written
 * here, against a hand computation of the forward pass (switches included) and of the descent
 * (must-shows 2 and 5 of issue 12).
 */
class ProjectTest {
    static final int S = 6;
    // conv1: 2 channels, 3×3, pad 1
    static final float[][][] W1 = {
        {{0.5f, -0.2f, 0.1f}, {0.3f, 0.8f, -0.4f}, {0.0f, 0.2f, 0.6f}},
        {{-0.3f, 0.4f, 0.2f}, {0.1f, -0.5f, 0.7f}, {0.9f, 0.0f, -0.1f}}};
    static final float[] B1 = {0.05f, -0.02f};
    // conv2: 2 channels from 2, 1×1; row q*: one positive and one negative weight, so the descent's
    // rectification at relu1 removes one channel's path.
    static final float[][] W2 = {{1.5f, -0.7f}, {0.2f, 0.3f}};

    @TempDir
    Path tmp;

    static Model tiny() {
        NDManager m = Engines.newManager();
        float[] w1 = new float[2 * 9];
        for (int k = 0; k < 2; k++) {
            for (int u = 0; u < 3; u++) {
                for (int v = 0; v < 3; v++) {
                    w1[k * 9 + u * 3 + v] = W1[k][u][v];
                }
            }
        }
        Graph g = new Graph.Builder().name("zf-tiny").input("x", -1, 1, S, S)
                .initializer("w1", m.create(w1, new Shape(2, 1, 3, 3)))
                .initializer("b1", m.create(B1))
                .initializer("w2", m.create(new float[] {W2[0][0], W2[0][1], W2[1][0], W2[1][1]}, new Shape(2, 2, 1, 1)))
                .node("conv1", "Conv", List.of("x", "w1", "b1"), "c1", Attributes.builder().put("pads", 1L, 1, 1, 1).build())
                .node("relu1", "Relu", List.of("c1"), "r1", Attributes.empty())
                .node("pool", "MaxPool", List.of("r1"), "p", Attributes.builder().put("kernel_shape", 2L, 2).put("strides", 2L, 2).build())
                .node("conv2", "Conv", List.of("p", "w2"), "c2", Attributes.empty())
                .node("relu2", "Relu", List.of("c2"), "r2", Attributes.empty())
                .node("gap", "GlobalAveragePool", List.of("r2"), "g", Attributes.empty())
                .output("g").build();
        return new Model(g, InputSpec.grey01(S, S), List.of(), "zf-tiny", m);
    }

    static float[][] input() {
        Random r = new Random(12);
        float[][] x = new float[S][S];
        for (int i = 0; i < S; i++) {
            for (int j = 0; j < S; j++) {
                x[i][j] = r.nextFloat();
            }
        }
        return x;
    }

    @Test
    void projectionOfTheTopUnitEqualsTheHandComputationThroughTheSwitches() {
        float[][] x = input();
        // Forward by hand.
        float[][][] r1 = new float[2][S][S];
        for (int k = 0; k < 2; k++) {
            for (int i = 0; i < S; i++) {
                for (int j = 0; j < S; j++) {
                    float c = B1[k];
                    for (int u = 0; u < 3; u++) {
                        for (int v = 0; v < 3; v++) {
                            int ii = i + u - 1;
                            int jj = j + v - 1;
                            if (ii >= 0 && ii < S && jj >= 0 && jj < S) {
                                c += W1[k][u][v] * x[ii][jj];
                            }
                        }
                    }
                    r1[k][i][j] = Math.max(0, c);
                }
            }
        }
        int p = S / 2;
        float[][][] pool = new float[2][p][p];
        int[][][] switchRow = new int[2][p][p];
        int[][][] switchCol = new int[2][p][p];
        for (int k = 0; k < 2; k++) {
            for (int a = 0; a < p; a++) {
                for (int b = 0; b < p; b++) {
                    float best = -1;
                    for (int di = 0; di < 2; di++) {
                        for (int dj = 0; dj < 2; dj++) {
                            float v = r1[k][2 * a + di][2 * b + dj];
                            if (v > best) {
                                best = v;
                                switchRow[k][a][b] = 2 * a + di;
                                switchCol[k][a][b] = 2 * b + dj;
                            }
                        }
                    }
                    pool[k][a][b] = best;
                }
            }
        }
        // The top unit: the channel of relu2 with the largest activation, at its argmax.
        int topQ = -1;
        int topA = 0;
        int topB = 0;
        float top = -1;
        for (int q = 0; q < 2; q++) {
            for (int a = 0; a < p; a++) {
                for (int b = 0; b < p; b++) {
                    float v = Math.max(0, W2[q][0] * pool[0][a][b] + W2[q][1] * pool[1][a][b]);
                    if (v > top) {
                        top = v;
                        topQ = q;
                        topA = a;
                        topB = b;
                    }
                }
            }
        }
        // Descent by hand: relu2 passes max(1, 0) = 1; conv2ᵀ gives W2[q][k] at pool (a, b); unpooling puts it
        // at the switch; relu1 passes max(g, 0); conv1ᵀ spreads it with the flipped... i.e. transposed filter.
        float[][] want = new float[S][S];
        for (int k = 0; k < 2; k++) {
            float g = Math.max(0, W2[topQ][k]);
            int si = switchRow[k][topA][topB];
            int sj = switchCol[k][topA][topB];
            for (int u = 0; u < 3; u++) {
                for (int v = 0; v < 3; v++) {
                    int ii = si + u - 1;
                    int jj = sj + v - 1;
                    if (ii >= 0 && ii < S && jj >= 0 && jj < S) {
                        want[ii][jj] += g * W1[k][u][v];
                    }
                }
            }
        }
        try (Model model = tiny(); NDManager m = model.manager().newSubManager()) {
            float[] flat = new float[S * S];
            for (int i = 0; i < S; i++) {
                System.arraycopy(x[i], 0, flat, i * S, S);
            }
            NDArray img = m.create(flat, new Shape(1, 1, S, S));
            ProjectJob.Result r = ProjectJob.run(model, img, new ProjectSettings("relu2", 2));
            ProjectJob.Unit u = r.units().get(0);
            assertThat(u.channel()).isEqualTo(topQ);
            assertThat(u.x()).isEqualTo(topB);
            assertThat(u.y()).isEqualTo(topA);
            assertThat(u.activation()).isCloseTo(top, org.assertj.core.data.Offset.offset(1e-5f));
            float[] got = u.projection().toFloatArray();
            for (int i = 0; i < S; i++) {
                for (int j = 0; j < S; j++) {
                    assertThat(got[i * S + j]).as("pixel (%d, %d)", i, j).isCloseTo(want[i][j], org.assertj.core.data.Offset.offset(1e-5f));
                }
            }
            // Where the switches point: the positive channel's path is the 3×3 window around its switch, and
            // nothing of the projection lies outside the windows of the channels whose weight survives rectification.
            int kPos = W2[topQ][0] > 0 ? 0 : 1;
            int si = switchRow[kPos][topA][topB];
            int sj = switchCol[kPos][topA][topB];
            System.out.printf("top unit relu2:%d at (%d, %d) = %.4f; switch of conv channel %d at row %d, col %d%n",
                    topQ, topB, topA, top, kPos, si, sj);
            for (int i = 0; i < S; i++) {
                for (int j = 0; j < S; j++) {
                    if (Math.abs(i - si) > 1 || Math.abs(j - sj) > 1) {
                        boolean otherSurvives = W2[topQ][1 - kPos] > 0;
                        if (!otherSurvives) {
                            assertThat(got[i * S + j]).as("outside the switch's window (%d, %d)", i, j).isZero();
                        }
                    }
                }
            }
            // The receptive field of a relu2 unit: 2×2 pool of 3×3 convs = 4×4 input pixels, from 2·(x, y) − 1.
            assertThat(u.field()).isEqualTo(new dev.visor.model.InputBox(Math.max(0, 2 * topB - 1), Math.max(0, 2 * topA - 1),
                    Math.min(S, 2 * topB + 3), Math.min(S, 2 * topA + 3)));
            Path png = ProjectWriter.write(model, "hand", r, tmp);
            assertThat(png).exists();
            assertThat(dev.visor.report.Sidecar.read(dev.visor.report.Sidecar.pathFor(png))).containsEntry("layer", "relu2");
        }
    }

    @Test
    void aLayerWithoutASpatialMapIsRefusedForProjectionAndGradCam() {
        try (Model model = tiny(); NDManager m = model.manager().newSubManager()) {
            NDArray img = m.create(new float[S * S], new Shape(1, 1, S, S)).add(0.5f);
            assertThatThrownBy(() -> ProjectJob.run(model, img, ProjectSettings.of("gap")))
                    .isInstanceOf(VisorException.class)
                    .hasMessageContaining("layer 'gap' has activation shape (1, 2, 1, 1), no spatial map")
                    .hasMessageContaining("relu2");
            assertThatThrownBy(() -> new Attributor(model).run(img, AttributionMethod.GRAD_CAM, Objectives.channel("gap", 0), "gap"))
                    .isInstanceOf(VisorException.class)
                    .hasMessageContaining("Grad-CAM needs a layer with a spatial (N, C, H, W) activation larger than 1x1; 'gap'");
        }
    }

    @Test
    void anImageOfTheWrongSizeIsResizedAndSaidSo() {
        Path file = tmp.resolve("wide.png");
        Images.writePng(new BufferedImage(10, 8, BufferedImage.TYPE_INT_RGB), file);
        try (Model model = tiny(); NDManager m = model.manager().newSubManager()) {
            InputImage in = InputImage.read(file, model, m);
            assertThat(in.tensor().getShape()).isEqualTo(new Shape(1, 1, S, S));
            assertThat(in.resized()).isTrue();
            assertThat(in.resizeNote(file)).isEqualTo(file + " is 10x8; resized to the model's input size 6x6");
            ProjectJob.Result r = ProjectJob.run(model, in.tensor(), new ProjectSettings("relu2", 1));
            assertThat(r.units()).hasSize(1);
        }
    }
}
