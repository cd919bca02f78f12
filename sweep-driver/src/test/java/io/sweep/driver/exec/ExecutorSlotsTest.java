package io.sweep.driver.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

class ExecutorSlotsTest {
  private static SparkConf conf(String master) {
    return new SparkConf(false).set("spark.master", master);
  }

  @Test
  void localMastersGiveTheirThreads() {
    assertEquals(1, ExecutorSlots.of(conf("local")));
    assertEquals(4, ExecutorSlots.of(conf("local[4]")));
    assertEquals(3, ExecutorSlots.of(conf("local[3, 2]")), "local[N,F]: F is retries");
    assertEquals(Runtime.getRuntime().availableProcessors(), ExecutorSlots.of(conf("local[*]")));
  }

  @Test
  void executorCoresOverTaskCpus() {
    assertEquals(8, ExecutorSlots.of(conf("spark://h:7077").set("spark.executor.cores", "8")));
    assertEquals(4, ExecutorSlots.of(conf("yarn").set("spark.executor.cores", "8")
        .set("spark.task.cpus", "2")));
    assertEquals(2, ExecutorSlots.of(conf("local[4]").set("spark.task.cpus", "2")));
    assertEquals(1, ExecutorSlots.of(conf("local[2]").set("spark.task.cpus", "4")), "never below 1");
  }

  /** An executor that does not know its share of the host lends nothing. */
  @Test
  void unknownCoresAreOneSlot() {
    assertEquals(1, ExecutorSlots.of(conf("spark://h:7077")));
    assertEquals(1, ExecutorSlots.of(conf("k8s://https://api:6443")));
    assertEquals(1, ExecutorSlots.of(new SparkConf(false)));
  }
}
