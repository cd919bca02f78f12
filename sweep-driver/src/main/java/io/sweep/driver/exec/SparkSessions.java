package io.sweep.driver.exec;

import io.sweep.driver.UserError;
import io.sweep.driver.config.EngineSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Builds the one SparkSession of a CLI invocation. The master comes from {@code --master}, else
 * from spark-submit (which sets {@code spark.master}), else from {@code engine.master}: nothing is
 * hard-coded, so the same code runs embedded and on a cluster.
 *
 * <p>On a cluster master (anything but {@code local}/{@code local[N]}) the executors are other JVMs
 * that need sweep's code: when the launcher names the cluster jar (system property {@value
 * #CLUSTER_JAR}, set by {@code bin/sweep}), it is added to {@code spark.jars}; under spark-submit
 * the application jar is already there. Executors also get {@code OMP_NUM_THREADS=1} (one network
 * per task thread, as on the driver) unless {@code spark.executorEnv.OMP_NUM_THREADS} is given.
 * The Java 17 {@code --add-opens} flags executors need are not set here: Spark's SparkContext
 * prepends its own list (JavaModuleOptions) to {@code spark.executor.extraJavaOptions} itself.
 */
public final class SparkSessions {
  /** System property with the path of the cluster jar (the launcher sets it). */
  public static final String CLUSTER_JAR = "sweep.cluster.jar";

  private static final Pattern MASTER = Pattern.compile(
      "local(\\[(\\*|\\d+)(,\\s*\\d+)?])?|local-cluster\\[\\d+,\\s*\\d+,\\s*\\d+]"
          + "|spark://.+|yarn|k8s://.+|mesos://.+");
  private static final Pattern IN_PROCESS = Pattern.compile("local(\\[.*])?");

  private SparkSessions() {}

  /** Rejects a malformed master URL before Spark does, with a message naming the setting. */
  static String checkedMaster(String master, String where) {
    if (!MASTER.matcher(master.trim()).matches()) {
      throw new UserError(where + ": '" + master + "' is not a Spark master URL; use "
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
      conf.setMaster(checkedMaster(masterFlag, UserError.field("master")));
    } else if (!conf.contains("spark.master")) {
      conf.setMaster(checkedMaster(engine.master(), "engine.master"));
    }
    conf.setIfMissing("spark.app.name", "sweep");
    reachableDriver(conf, System.getenv("SWEEP_LOOPBACK"));
    forExecutors(conf, System.getProperty(CLUSTER_JAR));
    return SparkSession.builder().config(conf).getOrCreate();
  }

  /**
   * bin/sweep binds local mode to the loopback address (SPARK_LOCAL_IP = 127.0.0.1, flagged by
   * {@code SWEEP_LOOPBACK}) when no --master names a cluster. When the master came from a config
   * file instead and executors live elsewhere, they must reach the driver: advertise the host's
   * address and listen on every interface, as Spark does by default.
   */
  static void reachableDriver(SparkConf conf, String loopbackFlag) {
    if (!"1".equals(loopbackFlag) || inProcess(conf.get("spark.master"))) {
      return;
    }
    try {
      conf.setIfMissing("spark.driver.host", java.net.InetAddress.getLocalHost().getHostAddress());
    } catch (java.net.UnknownHostException e) {
      throw new UserError("the master " + conf.get("spark.master") + " runs executors elsewhere, but "
          + "this host's address is unknown (" + e.getMessage() + "); set spark.driver.host", e);
    }
    conf.setIfMissing("spark.driver.bindAddress", "0.0.0.0");
  }

  /** Whether the executors of {@code master} run inside the driver's JVM. */
  static boolean inProcess(String master) {
    return IN_PROCESS.matcher(master.trim()).matches();
  }

  /**
   * What executors in their own JVMs need: the cluster jar in {@code spark.jars} (appended to any
   * jars already there), {@code OMP_NUM_THREADS}, and, when GPUs are requested, CUDA device
   * ordinals that match the GPU addresses of {@code nvidia-smi} (and so of the discovery script).
   *
   * @param clusterJar path of the cluster jar, or null when the launcher named none (spark-submit)
   */
  static void forExecutors(SparkConf conf, String clusterJar) {
    conf.setIfMissing("spark.executorEnv.OMP_NUM_THREADS", "1");
    if (conf.contains("spark.executor.resource.gpu.amount")) {
      conf.setIfMissing("spark.executorEnv.CUDA_DEVICE_ORDER", "PCI_BUS_ID");
    }
    String master = conf.get("spark.master", "local[*]");
    if (inProcess(master) || clusterJar == null || clusterJar.isBlank()) {
      return;
    }
    Path jar = Path.of(clusterJar);
    if (!Files.isRegularFile(jar)) {
      throw new UserError("master " + master + " runs executors in their own JVMs, which need sweep's "
          + "cluster jar, but there is none at " + clusterJar + "; build it with "
          + "`mvn -B -pl sweep-cluster -am package -DskipTests` (bin/sweep does so itself unless "
          + "SWEEP_NO_BUILD=1)");
    }
    String uri = jar.toAbsolutePath().normalize().toUri().toString();
    String jars = conf.get("spark.jars", "").trim();
    boolean listed = Arrays.stream(jars.split(","))
        .map(String::trim)
        .anyMatch(j -> j.equals(uri) || j.equals(clusterJar) || j.equals(jar.toAbsolutePath().toString()));
    if (!listed) {
      conf.set("spark.jars", jars.isEmpty() ? uri : jars + "," + uri);
    }
  }
}
