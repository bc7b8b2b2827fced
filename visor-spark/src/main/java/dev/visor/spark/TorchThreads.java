package dev.visor.spark;

import dev.visor.VisorException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;

/**
 * libtorch's thread counts on an executor, chosen so that task slots × torch threads ≤ cores: every task
 * thread that calls into libtorch gets its own team of {@code ai.djl.pytorch.num_threads} OpenMP threads, so
 * an executor running S tasks at once on C cores gets ⌊C / S⌋ threads each (at least 1). S is N of
 * {@code local[N]} / {@code local[N,F]} (the driver's JVM is the executor), else {@code spark.executor.cores}
 * / {@code spark.task.cpus}; C is the JVM's processors (a container's CPU limit). Set explicitly, and
 * respected: {@code spark.visor.torchThreads}, or the {@code ai.djl.pytorch.num_threads} property
 * (e.g. from {@code VISOR_THREADS}). libtorch reads them once, at its start, so this runs before any model loads.
 */
public final class TorchThreads {
    /** Spark setting that fixes the torch threads per task. */
    public static final String CONF = "spark.visor.torchThreads";
    private static final Pattern LOCAL = Pattern.compile("local\\[(\\*|\\d+)(?:,\\s*\\d+)?]");

    private TorchThreads() {}

    /** Threads per task: ⌊cores / slots⌋, at least 1. */
    public static int perTask(int cores, int slots) {
        return Math.max(1, cores / Math.max(1, slots));
    }

    /** Concurrent tasks of one executor JVM under this configuration. */
    public static int slots(SparkConf conf, int cores) {
        String master = conf.get("spark.master", "local[*]").trim();
        if (master.equals("local")) {
            return 1;
        }
        Matcher m = LOCAL.matcher(master);
        if (m.matches()) {
            return m.group(1).equals("*") ? cores : Integer.parseInt(m.group(1));
        }
        int executorCores = conf.getInt("spark.executor.cores", 1);
        int taskCpus = conf.getInt("spark.task.cpus", 1);
        return Math.max(1, executorCores / Math.max(1, taskCpus));
    }

    /** The torch threads per task this configuration asks for. */
    public static int threads(SparkConf conf, int cores) {
        if (conf.contains(CONF)) {
            int t = conf.getInt(CONF, 0);
            if (t < 1) {
                throw new VisorException(CONF + " must be a positive number of threads, got " + conf.get(CONF));
            }
            return t;
        }
        return perTask(cores, slots(conf, cores));
    }

    /**
     * Sets libtorch's thread properties for this JVM from the running Spark's configuration, unless they are set
     * already (explicitly, or by an earlier call).
     */
    public static void configure(SparkConf conf) {
        if (System.getProperty("ai.djl.pytorch.num_threads") != null && !conf.contains(CONF)) {
            return;
        }
        String t = String.valueOf(threads(conf, Runtime.getRuntime().availableProcessors()));
        System.setProperty("ai.djl.pytorch.num_threads", t);
        System.setProperty("ai.djl.pytorch.num_interop_threads", t);
    }

    /** {@link #configure} with the configuration of this JVM's Spark (driver or executor); nothing outside Spark. */
    public static void configureFromSpark() {
        SparkEnv env = SparkEnv.get();
        if (env != null) {
            configure(env.conf());
        }
    }
}
