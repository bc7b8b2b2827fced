package dev.visor.spark;

import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/** Starts (or joins) the Spark session Visor's jobs run in. */
public final class SparkSessions {
    private SparkSessions() {}

    /**
     * The session for a master (null: the one {@code spark-submit} configured) with extra settings. A local master
     * runs in this JVM; the web UI is off unless asked for, and libtorch's threads are set for its task slots
     * before any model loads.
     */
    public static SparkSession start(String master, Map<String, String> conf) {
        SparkConf c = new SparkConf().setAppName("visor").setIfMissing("spark.ui.enabled", "false")
                .setIfMissing("spark.log.level", "WARN").setIfMissing("spark.ui.showConsoleProgress", "false");
        if (master != null) {
            c.setMaster(master);
        }
        conf.forEach(c::set);
        SparkSession s = SparkSession.builder().config(c).getOrCreate();
        TorchThreads.configure(s.sparkContext().getConf());
        return s;
    }

    /** The Java view of a session's context. */
    public static JavaSparkContext java(SparkSession s) {
        return JavaSparkContext.fromSparkContext(s.sparkContext());
    }
}
