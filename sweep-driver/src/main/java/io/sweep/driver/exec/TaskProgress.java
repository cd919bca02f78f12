package io.sweep.driver.exec;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntConsumer;
import org.apache.spark.Success$;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * Counts the finished training tasks (one per run) for the progress bar. Only jobs whose
 * description starts with {@link #JOB_PREFIX} are counted, so the tasks of Parquet writes and
 * reads are not.
 */
final class TaskProgress extends SparkListener {
  static final String JOB_PREFIX = "sweep:train";

  private final Set<Integer> stages = ConcurrentHashMap.newKeySet();
  private final IntConsumer onRunsDone;

  TaskProgress(IntConsumer onRunsDone) {
    this.onRunsDone = onRunsDone;
  }

  @Override
  public void onJobStart(SparkListenerJobStart jobStart) {
    String description = jobStart.properties().getProperty("spark.job.description");
    if (description != null && description.startsWith(JOB_PREFIX)) {
      scala.collection.Iterator<Object> ids = jobStart.stageIds().iterator();
      while (ids.hasNext()) {
        stages.add((Integer) ids.next());
      }
    }
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
    if (stages.contains(taskEnd.stageId()) && taskEnd.reason() == Success$.MODULE$) {
      onRunsDone.accept(1);
    }
  }
}
