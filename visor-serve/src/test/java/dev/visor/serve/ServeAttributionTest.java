package dev.visor.serve;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.visor.data.Images;
import dev.visor.io.ModelLoader;
import dev.visor.model.Model;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attribution from the web app: maps of a {@code --data} sample for its top-1 class, as {@code visor attribute}
 * writes them; the class the server explained is checked against the model's own prediction on the served
 * sample PNG, computed here.
 */
class ServeAttributionTest {
    @TempDir
    Path tmp;

    @Test
    void attributesASampleForItsTopClass() throws Exception {
        try (ServeFixture f = new ServeFixture(tmp.resolve("runs"), 1, 8, "fashion-mnist");
             Model m = ModelLoader.load(ServeFixture.MODEL)) {
            List<?> samples = ServeFixture.JSON.readValue(f.get("/api/samples").body(), List.class);
            assertThat(samples).hasSize(Samples.COUNT);
            HttpResponse<byte[]> png = f.http.send(HttpRequest.newBuilder(URI.create(f.base() + "/api/samples/3.png")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            int predicted;
            try (NDManager mm = m.manager().newSubManager()) {
                NDArray x = Images.toTensor(mm, ImageIO.read(new ByteArrayInputStream(png.body())), 1, 28, 28);
                predicted = (int) m.forward(m.inputSpec().toModel(x)).output().argMax(1).getLong(0);
            }
            ServeFixture.Answer a = f.post("/api/jobs", "{\"method\":\"attribute\",\"sample\":3,\"methods\":\"saliency,gradcam\"}");
            assertThat(a.status()).as(a.body()).isEqualTo(202);
            Job j = f.app.queue().get((String) a.json().get("id"));
            assertThat(j.await(120_000)).isTrue();
            Map<String, Object> s = j.status();
            assertThat(s.get("state")).as(String.valueOf(s.get("error"))).isEqualTo("done");
            assertThat(s.get("image")).isEqualTo("/runs/" + j.id() + "/00_sample3_grid.png");
            Path dir = f.app.store().runDir(j.id());
            Map<?, ?> side = ServeFixture.JSON.readValue(dir.resolve("00_sample3_saliency.json").toFile(), Map.class);
            assertThat(side.get("class")).isEqualTo(predicted);
            assertThat(side.get("method")).isEqualTo("saliency");
            assertThat(dir.resolve("00_sample3_gradcam.png")).exists();
            assertThat(f.rawGet("/runs/" + j.id() + "/00_sample3_grid.png")).isEqualTo(200);
            assertThat(f.post("/api/jobs", "{\"method\":\"attribute\",\"sample\":3,\"methods\":\"saliency,gradcam\"}")
                    .json().get("reused")).isEqualTo(true);

            assertThat(f.post("/api/jobs", "{\"method\":\"attribute\",\"sample\":16}").json().get("error").toString()).contains("0 to 15");
            assertThat(f.post("/api/jobs", "{\"method\":\"attribute\",\"sample\":0,\"methods\":\"nope\"}").status()).isEqualTo(400);
            assertThat(f.post("/api/jobs", "{\"method\":\"attribute\",\"sample\":0,\"target\":10}").json().get("error").toString())
                    .contains("0 to 9");
            assertThat(f.post("/api/jobs", "{\"method\":\"dream\"}").json().get("error").toString()).contains("render, attribute");
            assertThat(f.get("/api/samples/16.png").status()).isEqualTo(404);
        }
    }
}
