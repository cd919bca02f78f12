package io.sweep.driver.exec;

import io.sweep.driver.config.EngineSettings;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Builds the one SparkSession of a CLI invocation. The master comes from {@code --master}, else
 * from spark-submit (which sets {@code spark.master}), else from {@code engine.master}: nothing is
 * hard-coded, so the same code runs embedded and on a cluster.
 */
public final class SparkSessions {
  private static final java.util.regex.Pattern MASTER = java.util.regex.Pattern.compile(
      "local(\\[(\\*|\\d+)(,\\s*\\d+)?])?|local-cluster\\[\\d+,\\s*\\d+,\\s*\\d+]"
          + "|spark://.+|yarn|k8s://.+|mesos://.+");

  private SparkSessions() {}

  /** Rejects a malformed master URL before Spark does, with a message naming the setting. */
  static String checkedMaster(String master, String where) {
    if (!MASTER.matcher(master.trim()).matches()) {
      throw new io.sweep.driver.UserError(where + ": '" + master + "' is not a Spark master URL; use "
          + "local[*], local[N], spark://host:7077, yarn or k8s://https://host:port");
    }
    return master.trim();
  }

  /**
   * Starts (or joins) the session.
   *
   * @param masterFlag the {@code --master} flag, or null
   */
  public static SparkSession start(EngineSettings engine, String masterFlag) {
    SparkConf conf = new SparkConf(); // picks up spark.* system properties from spark-submit
    for (Map.Entry<String, String> e : engine.sparkConf().entrySet()) {
      conf.setIfMissing(e.getKey(), e.getValue());
    }
    if (masterFlag != null) {
      conf.setMaster(checkedMaster(masterFlag, "--master"));
    } else if (!conf.contains("spark.master")) {
      conf.setMaster(checkedMaster(engine.master(), "engine.master"));
    }
    conf.setIfMissing("spark.app.name", "sweep");
    return SparkSession.builder().config(conf).getOrCreate();
  }
}
