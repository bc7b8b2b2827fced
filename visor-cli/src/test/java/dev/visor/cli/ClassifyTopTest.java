package dev.visor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code classify --top} takes 1 to the number of classes: 0, a negative count or more classes than the model
 * has is one line on stderr and exit 2, before anything is printed; the largest valid count lists every class.
 */
class ClassifyTopTest {
    static final String DARKNET = SharedData.darknet().toString();
    static final String CHELSEA = SharedData.images().resolve("chelsea.png").toString();

    /** darknet-tiny's classes, counted from its labels file (one a line). */
    private static int classes() throws IOException {
        return (int) Files.readAllLines(SharedData.darknet().resolve("labels.txt")).stream().filter(l -> !l.isBlank()).count();
    }

    private static void assertRejected(CliRun r, String... fragments) {
        assertThat(r.status()).as("exit status; stderr: %s", r.err()).isEqualTo(2);
        assertThat(r.errLines()).as("stderr: %s", r.err()).hasSize(1);
        assertThat(r.errLines().get(0)).startsWith("visor: ").doesNotContain("Exception").contains(fragments);
        assertThat(r.out()).isEmpty();
    }

    @Test
    void zeroIsRejected() {
        assertRejected(CliRun.of("classify", "--model", DARKNET, "--image", CHELSEA, "--top", "0"), "--top 0", "at least 1");
    }

    @Test
    void negativeIsRejected() {
        assertRejected(CliRun.of("classify", "--model", DARKNET, "--image", CHELSEA, "--top", "-3"), "--top -3", "at least 1");
    }

    @Test
    void moreThanTheClassesIsRejected() throws IOException {
        int n = classes();
        assertRejected(CliRun.of("classify", "--model", DARKNET, "--image", CHELSEA, "--top", String.valueOf(n + 1)),
                "--top " + (n + 1), n + " classes");
    }

    @Test
    void allTheClassesAreListed() throws IOException {
        int n = classes();
        CliRun r = CliRun.of("classify", "--model", DARKNET, "--image", CHELSEA, "--top", String.valueOf(n));
        assertThat(r.status()).as(r.err()).isZero();
        // one line naming the image, then one line per class
        assertThat(r.out().lines().count()).isEqualTo(n + 1);
    }
}
