package dev.visor.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.visor.VisorException;
import org.junit.jupiter.api.Test;

class TensorLimitsTest {
    @Test
    void elementCountsAreExactAndBounded() {
        assertThat(TensorLimits.elements(new long[] {3, 4, 5}, "t")).isEqualTo(60);
        assertThat(TensorLimits.elements(new long[] {}, "t")).isEqualTo(1);
        assertThat(TensorLimits.elements(new long[] {0, Long.MAX_VALUE}, "t")).isZero();
        assertThat(TensorLimits.elements(new long[] {Integer.MAX_VALUE}, "t")).isEqualTo(Integer.MAX_VALUE);
        assertThatThrownBy(() -> TensorLimits.elements(new long[] {1L << 31}, "tensor 'w'")).isInstanceOf(VisorException.class)
                .hasMessageStartingWith("tensor 'w' declares shape [2147483648]");
        // 2^32 * 2^32 wraps to 0 in plain long arithmetic; the check must not be fooled.
        assertThatThrownBy(() -> TensorLimits.elements(new long[] {1L << 32, 1L << 32}, "t")).isInstanceOf(VisorException.class);
        assertThatThrownBy(() -> TensorLimits.elements(new long[] {4, -1}, "t")).isInstanceOf(VisorException.class)
                .hasMessageContaining("negative dimension");
        assertThatThrownBy(() -> TensorLimits.elements(new int[] {65536, 65536}, "t")).isInstanceOf(VisorException.class);
    }

    @Test
    void bytesMustBePresent() {
        assertThat(TensorLimits.bytes(10, 4, 40, "t")).isEqualTo(40);
        assertThatThrownBy(() -> TensorLimits.bytes(10, 4, 39, "tensor 'w'")).isInstanceOf(VisorException.class)
                .hasMessage("tensor 'w' needs 40 bytes but the file holds only 39 (truncated or corrupt)");
    }

    @Test
    void inputDimsAreUnknownOrBounded() {
        TensorLimits.input(new long[] {-1, 3, 224, 224}, "in");
        TensorLimits.input(new long[] {0, 3, -1, -1}, "in");
        assertThatThrownBy(() -> TensorLimits.input(new long[] {-1, 3, 1L << 31, 224}, "input 'x'"))
                .isInstanceOf(VisorException.class).hasMessageContaining("dimension 2 is 2147483648");
        assertThatThrownBy(() -> TensorLimits.input(new long[] {Long.MAX_VALUE, 3, 224, 224}, "input 'x'"))
                .isInstanceOf(VisorException.class);
        assertThatThrownBy(() -> TensorLimits.input(new long[] {-1, 65536, 65536, 3}, "input 'x'"))
                .isInstanceOf(VisorException.class).hasMessageContaining("elements per item");
    }
}
