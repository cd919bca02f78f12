package io.sweep.driver;

import org.apache.spark.sql.SparkSession;

/**
 * The one SparkSession of a test JVM (local[2, 2]: two threads, two attempts per task; no UI),
 * created on first use and stopped when the
 * JVM exits. The CLI's {@code getOrCreate} joins it, so in-process CLI tests share it too.
 */
public final class TestSpark {
  private static SparkSession session;

  private TestSpark() {}

  /** The shared session. */
  public static synchronized SparkSession session() {
    if (session == null) {
      session =
          SparkSession.builder()
              .master("local[2,2]") // two attempts per task: RetryIT injects failures
              .appName("sweep-tests")
              .config("spark.ui.enabled", "false")
              .config("spark.sql.shuffle.partitions", "2")
              .getOrCreate();
      Runtime.getRuntime().addShutdownHook(new Thread(session::stop));
    }
    return session;
  }
}
