package io.sweep.driver.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep.driver.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the driver sets up for executors in other JVMs, and only for them. */
class SparkSessionsTest {
  @TempDir Path dir;

  private static SparkConf conf(String master) {
    return new SparkConf(false).setMaster(master);
  }

  private Path jar() throws IOException {
    return Files.write(dir.resolve("sweep-cluster-1.jar"), new byte[] {1});
  }

  @Test
  void onlyLocalMastersRunExecutorsInTheDriversJvm() {
    for (String m : new String[] {"local", "local[2]", "local[*]", "local[2, 3]"}) {
      assertTrue(SparkSessions.inProcess(m), m);
    }
    for (String m : new String[] {"local-cluster[2, 1, 1024]", "spark://h:7077", "yarn", "k8s://https://h:6443"}) {
      assertFalse(SparkSessions.inProcess(m), m);
    }
  }

  @Test
  void aClusterMasterShipsTheClusterJarToExecutors() throws IOException {
    SparkConf conf = conf("spark://h:7077");
    SparkSessions.forExecutors(conf, jar().toString());
    assertEquals(jar().toUri().toString(), conf.get("spark.jars"));
  }

  @Test
  void theClusterJarIsAddedToJarsTheUserAlreadyGave() throws IOException {
    SparkConf conf = conf("yarn").set("spark.jars", "hdfs://nn/libs/hadoop-aws.jar");
    SparkSessions.forExecutors(conf, jar().toString());
    assertEquals("hdfs://nn/libs/hadoop-aws.jar," + jar().toUri(), conf.get("spark.jars"));
    SparkSessions.forExecutors(conf, jar().toString());
    assertEquals("hdfs://nn/libs/hadoop-aws.jar," + jar().toUri(), conf.get("spark.jars"), "added once");
  }

  @Test
  void localModeAndSparkSubmitLeaveJarsAlone() throws IOException {
    SparkConf local = conf("local[2]");
    SparkSessions.forExecutors(local, jar().toString());
    assertFalse(local.contains("spark.jars"));
    SparkConf submitted = conf("spark://h:7077").set("spark.jars", "file:/apps/sweep-cluster.jar");
    SparkSessions.forExecutors(submitted, null); // spark-submit: no launcher property
    assertEquals("file:/apps/sweep-cluster.jar", submitted.get("spark.jars"));
  }

  @Test
  void aMissingClusterJarIsAUserErrorThatSaysHowToBuildIt() {
    String missing = dir.resolve("sweep-cluster-*.jar").toString();
    UserError e = assertThrows(UserError.class,
        () -> SparkSessions.forExecutors(conf("spark://h:7077"), missing));
    assertEquals("master spark://h:7077 runs executors in their own JVMs, which need sweep's cluster jar, "
        + "but there is none at " + missing + "; build it with `mvn -B -pl sweep-cluster -am package "
        + "-DskipTests` (bin/sweep does so itself unless SWEEP_NO_BUILD=1)", e.getMessage());
  }

  @Test
  void executorsGetOneOpenMpThreadUnlessTold() {
    SparkConf conf = conf("spark://h:7077");
    SparkSessions.forExecutors(conf, null);
    assertEquals("1", conf.get("spark.executorEnv.OMP_NUM_THREADS"));
    SparkConf told = conf("yarn").set("spark.executorEnv.OMP_NUM_THREADS", "4");
    SparkSessions.forExecutors(told, null);
    assertEquals("4", told.get("spark.executorEnv.OMP_NUM_THREADS"));
  }

  @Test
  void gpuExecutorsNumberCudaDevicesAsNvidiaSmiDoes() {
    SparkConf cpu = conf("spark://h:7077");
    SparkSessions.forExecutors(cpu, null);
    assertFalse(cpu.contains("spark.executorEnv.CUDA_DEVICE_ORDER"));
    SparkConf gpu = conf("spark://h:7077").set("spark.executor.resource.gpu.amount", "1");
    SparkSessions.forExecutors(gpu, null);
    assertEquals("PCI_BUS_ID", gpu.get("spark.executorEnv.CUDA_DEVICE_ORDER"));
  }

  @Test
  void aConfiguredClusterMasterUnderTheLaunchersLoopbackDefaultGetsAReachableDriver() {
    SparkConf cluster = new SparkConf().setMaster("spark://cluster:7077");
    SparkSessions.reachableDriver(cluster, "1");
    assertEquals("0.0.0.0", cluster.get("spark.driver.bindAddress"));
    assertTrue(cluster.contains("spark.driver.host"));

    SparkConf local = new SparkConf().setMaster("local[2]");
    SparkSessions.reachableDriver(local, "1");
    assertFalse(local.contains("spark.driver.bindAddress"));

    SparkConf notFromTheLauncher = new SparkConf().setMaster("spark://cluster:7077");
    SparkSessions.reachableDriver(notFromTheLauncher, null);
    assertFalse(notFromTheLauncher.contains("spark.driver.host"));
  }
}
