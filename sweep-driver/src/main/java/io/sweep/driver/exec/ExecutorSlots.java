package io.sweep.driver.exec;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;

/**
 * How many packs one executor JVM runs at once: its cores over {@code spark.task.cpus}. Told to
 * the worker ({@code SpareCores}) so that cores a sweep's tail leaves idle can help the packs
 * still running. Unknown cores count as one slot, which lends nothing: a standalone executor
 * without {@code spark.executor.cores} may share its host with others.
 */
final class ExecutorSlots {
  private static final Pattern LOCAL = Pattern.compile("local\\[(\\d+|\\*)(?:,\\s*\\d+)?]");

  private ExecutorSlots() {}

  /** The slots of an executor with the settings {@code conf}. */
  static int of(SparkConf conf) {
    int taskCpus = Math.max(1, conf.getInt("spark.task.cpus", 1));
    int cores;
    if (conf.contains("spark.executor.cores")) {
      cores = conf.getInt("spark.executor.cores", 1);
    } else {
      Matcher local = LOCAL.matcher(conf.get("spark.master", "").trim());
      cores = !local.matches() ? 1
          : local.group(1).equals("*") ? Runtime.getRuntime().availableProcessors()
          : Integer.parseInt(local.group(1));
    }
    return Math.max(1, cores / taskCpus);
  }
}
