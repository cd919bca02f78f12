package io.sweep.driver.exec;

import io.sweep.worker.run.RunResult;
import io.sweep.worker.run.RunSpec;
import io.sweep.worker.run.Runner;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.function.Function;

/**
 * The Spark adapter around the worker: runs one spec on an executor. A top-level class that
 * captures nothing, so its closure is just the class.
 */
public final class RunTask implements Function<RunSpec, ExecutedRun> {
  private static final long serialVersionUID = 1L;

  @Override
  public ExecutedRun call(RunSpec spec) {
    RunResult result = Runner.run(spec);
    return new ExecutedRun(result, executor());
  }

  /** {@code executorId@host}; the id is {@code driver} in local mode. */
  static String executor() {
    SparkEnv env = SparkEnv.get();
    if (env == null) {
      return "unknown";
    }
    return env.executorId() + "@" + env.blockManager().blockManagerId().host();
  }
}
