package dev.visor.spark.cli;

import dev.visor.cli.ModelOptionsMixin;
import dev.visor.spark.ModelSpec;
import dev.visor.spark.SparkSessions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

/** The Spark flags every {@code visor spark} command shares. */
public final class SparkOptions {
    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master: local[N] / local[N,F] (N task threads in this JVM, F attempts per task), local[*],"
                    + " spark://HOST:PORT, yarn, k8s://... (default: spark-submit's, else local[*])")
    String master;

    @Option(names = "--conf", paramLabel = "KEY=VALUE", split = ",", description = "a Spark setting, e.g. --conf spark.visor.torchThreads=2")
    Map<String, String> conf = new LinkedHashMap<>();

    /** Runs {@code job} in a session: this JVM's if one is running, else a new one, stopped at the end. */
    <T> T run(Function<JavaSparkContext, T> job) {
        boolean existing = SparkSession.getDefaultSession().isDefined();
        String m = master != null ? master : System.getProperty("spark.master") != null ? null : "local[*]";
        SparkSession s = SparkSessions.start(m, conf);
        try {
            return job.apply(SparkSessions.java(s));
        } finally {
            if (!existing) {
                s.stop();
            }
        }
    }

    /** The master the jobs run on (for messages). */
    static String masterOf(JavaSparkContext sc) {
        return sc.master();
    }

    /** What executors load. */
    static ModelSpec spec(ModelOptionsMixin m) {
        return ModelSpec.of(m.model(), m.options(), m.zooMirror());
    }
}
