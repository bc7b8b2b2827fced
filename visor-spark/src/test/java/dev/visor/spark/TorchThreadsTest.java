package dev.visor.spark;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

/** Must-have 3: task slots × torch threads never exceed the cores. */
class TorchThreadsTest {
    private static int threads(String master, int cores, String... kv) {
        SparkConf c = new SparkConf(false).setMaster(master);
        for (int i = 0; i < kv.length; i += 2) {
            c.set(kv[i], kv[i + 1]);
        }
        return TorchThreads.threads(c, cores);
    }

    @Test
    void slotsTimesThreadsStayWithinTheCores() {
        assertThat(threads("local", 16)).isEqualTo(16);
        assertThat(threads("local[2]", 16)).isEqualTo(8);
        assertThat(threads("local[4,3]", 16)).isEqualTo(4);
        assertThat(threads("local[*]", 16)).isEqualTo(1);
        assertThat(threads("local[3]", 2)).isEqualTo(1);
        assertThat(threads("spark://h:7077", 16, "spark.executor.cores", "4")).isEqualTo(4);
        assertThat(threads("yarn", 8, "spark.executor.cores", "4", "spark.task.cpus", "2")).isEqualTo(4);
        assertThat(threads("yarn", 8, TorchThreads.CONF, "3")).isEqualTo(3);
        for (int cores = 1; cores <= 64; cores++) {
            for (int slots = 1; slots <= 64; slots++) {
                int t = threads("local[" + slots + "]", cores);
                assertThat(t).isPositive();
                assertThat(slots * t <= cores || t == 1).isTrue();
            }
        }
    }
}
