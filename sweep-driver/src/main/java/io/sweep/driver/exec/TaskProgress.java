package io.sweep.driver.exec;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntConsumer;
import org.apache.spark.Success$;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * Counts the runs of finished training tasks (one pack each) for the progress bar. Only jobs whose
 * description starts with {@link #JOB_PREFIX} are counted, so the tasks of Parquet writes and
 * reads are not.
 */
final class TaskProgress extends SparkListener {
  static final String JOB_PREFIX = "sweep:train";

  /** Local property: the number of runs in each partition of the job being submitted. */
  static final String PARTITION_RUNS = "sweep.progress.partition-runs";

  private final Map<Integer, int[]> stages = new ConcurrentHashMap<>();
  private final IntConsumer onRunsDone;

  TaskProgress(IntConsumer onRunsDone) {
    this.onRunsDone = onRunsDone;
  }

  @Override
  public void onJobStart(SparkListenerJobStart jobStart) {
    String description = jobStart.properties().getProperty("spark.job.description");
    if (description != null && description.startsWith(JOB_PREFIX)) {
      String sizes = jobStart.properties().getProperty(PARTITION_RUNS, "");
      int[] runs = sizes.isEmpty() ? new int[0]
          : java.util.Arrays.stream(sizes.split(",")).mapToInt(Integer::parseInt).toArray();
      scala.collection.Iterator<Object> ids = jobStart.stageIds().iterator();
      while (ids.hasNext()) {
        stages.put((Integer) ids.next(), runs);
      }
    }
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
    int[] runs = stages.get(taskEnd.stageId());
    if (runs != null && taskEnd.reason() == Success$.MODULE$) {
      int partition = taskEnd.taskInfo().index();
      onRunsDone.accept(partition < runs.length ? runs[partition] : 1);
    }
  }
}
