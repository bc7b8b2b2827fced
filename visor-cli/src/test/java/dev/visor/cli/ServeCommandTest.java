package dev.visor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.visor.serve.ServeSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code visor serve}'s flags: bad values are one line and exit 2 before any model is loaded; loopback is the default. */
class ServeCommandTest {
    @Test
    void badFlagsAreOneLineAndExit2() {
        PrintStream err = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true));
        try {
            assertThat(VisorCli.execute("serve", "--model", "builtin:fashion-cnn", "--workers", "0")).isEqualTo(2);
            assertThat(VisorCli.execute("serve", "--model", "builtin:fashion-cnn", "--port", "70000")).isEqualTo(2);
        } finally {
            System.setErr(err);
        }
        assertThat(buf.toString().lines().toList()).containsExactly("visor: --workers must be 1 to 64, got 0",
                "visor: --port must be 0 to 65535, got 70000");
    }

    @Test
    void bindsLoopbackUnlessToldOtherwise() {
        ServeSettings s = ServeSettings.defaults(Path.of("runs"));
        assertThat(s.host()).isEqualTo("127.0.0.1");
        assertThat(s.loopback()).isTrue();
        assertThat(s.withHost("0.0.0.0").loopback()).isFalse();
        assertThat(s.withHost("192.168.1.5").loopback()).isFalse();
        assertThat(s.withHost("::1").loopback()).isTrue();
    }
}
