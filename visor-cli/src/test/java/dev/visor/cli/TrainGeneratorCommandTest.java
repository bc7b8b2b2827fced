package dev.visor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code visor train generator}: a tiny run records its command and resumes; bad layers exit 2 in one line. */
class TrainGeneratorCommandTest {
    @TempDir
    Path tmp;

    @Test
    void aTinyRunRecordsItsCommandAndARerunResumes() throws Exception {
        Path out = tmp.resolve("g");
        String[] args = {"train", "generator", "--limit", "128", "--epochs", "1", "--seed", "4", "--out", out.toString()};
        CliRun r = CliRun.of(args);
        assertThat(r.status()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("epoch 1/1: image").contains("test reconstruction").contains("images/s");
        JsonNode json = new ObjectMapper().readTree(out.resolve("visor-model.json").toFile());
        assertThat(json.at("/training/command").asText()).isEqualTo("visor " + String.join(" ", args));
        assertThat(json.at("/training/settings/seed").asLong()).isEqualTo(4);
        assertThat(json.at("/inputSpec/fileLayout").asText()).isEqualTo("NC");
        CliRun again = CliRun.of(args);
        assertThat(again.status()).isZero();
        assertThat(again.out()).contains("resuming from the checkpoint after epoch 1");
    }

    @Test
    void aCodeLayerThatIsNotDenseExits2InOneLine() {
        CliRun r = CliRun.of("train", "generator", "--code-layer", "pool2", "--out", tmp.resolve("bad").toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.errLines().get(0)).contains("code layer 'pool2'").contains("64x7x7").contains("relu_fc1");
        CliRun u = CliRun.of("train", "generator", "--feature-layer", "nope", "--out", tmp.resolve("bad").toString());
        assertThat(u.status()).isEqualTo(2);
        assertThat(u.errLines()).hasSize(1);
        assertThat(u.errLines().get(0)).contains("unknown layer 'nope'");
    }
}
