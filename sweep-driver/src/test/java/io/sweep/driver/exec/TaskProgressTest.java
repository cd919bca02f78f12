package io.sweep.driver.exec;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Properties;
import org.apache.spark.scheduler.JobSucceeded$;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.StageInfo;
import org.junit.jupiter.api.Test;

/** The runner's view of ended jobs: Spark posts a job's end before it completes its future. */
class TaskProgressTest {

  private static SparkListenerJobStart start(int job, String description) {
    Properties p = new Properties();
    p.setProperty("spark.job.description", description);
    scala.collection.immutable.Seq<StageInfo> none =
        scala.jdk.javaapi.CollectionConverters.asScala(List.<StageInfo>of()).toList();
    return new SparkListenerJobStart(job, 0L, none, p);
  }

  private static SparkListenerJobEnd end(int job) {
    return new SparkListenerJobEnd(job, 0L, JobSucceeded$.MODULE$);
  }

  @Test
  void aTrainingJobIsEndedFromItsEndUntilTaken() {
    TaskProgress p = new TaskProgress(SweepProgress.of(n -> {}));
    p.onJobStart(start(7, TaskProgress.JOB_PREFIX + " sweep pack 1"));
    assertFalse(p.ended(List.of(7)), "running");
    p.onJobEnd(end(7));
    assertTrue(p.ended(List.of(7)), "its end posted, its future maybe not done yet");
    p.taken(List.of(7));
    assertFalse(p.ended(List.of(7)), "forgotten once taken");
  }

  @Test
  void otherJobsAndUnknownFuturesAreNotEnded() {
    TaskProgress p = new TaskProgress(SweepProgress.of(n -> {}));
    p.onJobStart(start(3, "parquet at Store.java"));
    p.onJobEnd(end(3));
    assertFalse(p.ended(List.of(3)), "not a training job");
    assertFalse(p.ended(List.of()), "a future without jobs");
    p.onJobStart(start(4, TaskProgress.JOB_PREFIX + " sweep pack 2"));
    p.onJobStart(start(5, TaskProgress.JOB_PREFIX + " sweep pack 3"));
    p.onJobEnd(end(4));
    assertFalse(p.ended(List.of(4, 5)), "one of its jobs still runs");
  }

  @Test
  void anEndPostedAfterTheFutureWasTakenIsNotKept() {
    TaskProgress p = new TaskProgress(SweepProgress.of(n -> {}));
    p.onJobStart(start(9, TaskProgress.JOB_PREFIX + " sweep pack 1"));
    p.taken(List.of(9)); // the future was done before the listener heard of the end
    p.onJobEnd(end(9));
    assertFalse(p.ended(List.of(9)));
  }
}
