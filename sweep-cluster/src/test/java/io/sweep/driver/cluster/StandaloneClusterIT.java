package io.sweep.driver.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep.driver.SweepProcess;
import io.sweep.driver.TestSpark;
import io.sweep.driver.TestSweeps;
import io.sweep.driver.exec.FaultInjection;
import io.sweep.driver.plan.GridExpander;
import io.sweep.driver.store.Store;
import io.sweep.driver.views.StoreViews;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * sweep on a real Spark standalone cluster: a Master and two Workers, each its own JVM on
 * loopback, with executors in JVMs of their own that get sweep's code only from the cluster jar
 * (Spark's jars are all their classpath has). Everything the test starts is stopped by process id
 * at the end, and the end checks that nothing it started is still alive.
 *
 * <ul>
 *   <li>{@code bin/sweep run --master spark://...} gives exactly the rows of the same sweep in
 *       local mode: same run ids, and every result column bit for bit equal (doubles by {@code
 *       Double.equals}), trajectories included; only where ({@code executor}) and how long
 *       ({@code *_seconds}, {@code finished_at}) differ.
 *   <li>{@code spark-submit --class io.sweep.driver.cli.Main cluster.jar run ...} with GPU
 *       scheduling (two fake GPUs per Worker, fractional task amounts): every run's row records
 *       the GPU address the scheduler gave its task, and device {@code cpu}, because the cluster
 *       jar has ND4J's CPU backend; each executor says so once.
 * </ul>
 */
class StandaloneClusterIT {
  private static final Path TARGET = Path.of("target").toAbsolutePath();
  /** Columns that say where and how long a run took, not what it computed. */
  private static final Set<String> WHERE_AND_WHEN = Set.of("executor", "finished_at");
  private static final String NO_CUDA_WARNING = "ND4J's CUDA backend is not in this executor's classpath";
  private static final Pattern SCHEDULED = Pattern.compile(
      "Starting task \\S+ in stage \\S+ \\(TID (\\d+)\\) \\([^,]*,\\s*executor (\\w+),[^)]*\\)"
          + " taskResourceAssignments Map\\(gpu -> Map\\(([^)]*)\\)\\)");
  private static final Pattern PLACED = Pattern.compile(
      "run (\\w+) \\(stage \\d+, partition \\d+, TID (\\d+)\\): gpu assigned (\\S+), device (\\S+)");

  private static Path dir;
  private static Path clusterJar;
  private static StandaloneCluster cluster;
  private static SweepCli cli;
  /** Stops what the test started should the test JVM be ended before {@code @AfterAll}. */
  private static Thread onExit;

  @BeforeAll
  static void startCluster() throws IOException {
    clusterJar = ClusterJarIT.jar();
    // Only the latest run's directory is kept (its logs help when CI fails).
    Path runs = TARGET.resolve("standalone-it");
    if (Files.isDirectory(runs)) {
      try (Stream<Path> old = Files.walk(runs)) {
        for (Path p : old.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    dir = Files.createDirectories(runs.resolve(stamp));
    cluster = StandaloneCluster.start(dir, TARGET.resolve("spark-classpath.txt"),
        SweepProcess.ROOT.resolve("conf/gpu-discovery.sh"), 2, 4, "1g");
    cli = new SweepCli(dir, cluster.env());
    onExit = new Thread(() -> {
      cli.stopAll();
      cluster.close();
    }, "stop-standalone-cluster");
    Runtime.getRuntime().addShutdownHook(onExit);
  }

  @AfterAll
  static void stopEverythingAndCheckNothingIsLeft() {
    if (onExit != null) {
      Runtime.getRuntime().removeShutdownHook(onExit);
    }
    List<ProcessHandle> started = new ArrayList<>();
    if (cli != null) {
      started.addAll(cli.processes());
      cli.stopAll();
    }
    if (cluster != null) {
      started.addAll(cluster.processes());
      cluster.close();
    }
    List<String> alive = started.stream().filter(ProcessHandle::isAlive).map(StandaloneClusterIT::describe)
        .collect(Collectors.toList());
    if (dir != null) {
      ProcessHandle.allProcesses()
          .filter(p -> p.isAlive() && p.info().commandLine().orElse("").contains(dir.toString()))
          .map(StandaloneClusterIT::describe)
          .forEach(alive::add);
    }
    assertTrue(alive.isEmpty(), "processes the test started are still alive: " + alive);
  }

  @Test
  void aSweepOnTheClusterGivesTheRowsOfLocalModeBitForBit() {
    Path conf = TestSweeps.write(dir, "cluster.conf", TestSweeps.tiny("cluster"));
    String localStore = dir.resolve("store-local").toString();
    String clusterStore = dir.resolve("store-cluster").toString();

    SweepCli.Result local = cli.sweep("local-run", "run", conf.toString(), "--master", "local[2]",
        "--store", localStore, "--quiet");
    assertEquals(0, local.code(), local.err());
    SweepCli.Result remote = cli.sweep("cluster-run", "run", conf.toString(), "--master", cluster.masterUrl,
        "--store", clusterStore, "--quiet", "--set", "engine.spark.\"spark.executor.memory\"=512m");
    assertEquals(0, remote.code(), remote.err() + "\n" + remote.out());
    assertTrue(remote.out().contains("done: 8 runs"), remote.out());
    assertTrue(remote.out().contains("(master " + cluster.masterUrl + ")"), remote.out());

    String query = "SELECT r.*, t.trajectory FROM runs r LEFT JOIN (SELECT run_id, "
        + "array_sort(collect_list(struct(step, train_loss, test_loss))) AS trajectory "
        + "FROM trajectories GROUP BY run_id) t ON r.run_id = t.run_id ORDER BY r.run_id";
    List<Row> expected = rows(localStore, query);
    List<Row> actual = rows(clusterStore, query);

    assertEquals(8, expected.size());
    assertEquals(ids(expected), ids(actual), "the same runs, by id");
    List<String> columns = List.of(expected.get(0).schema().fieldNames());
    for (int i = 0; i < expected.size(); i++) {
      Row want = expected.get(i);
      Row got = actual.get(i);
      assertTrue(!want.isNullAt(want.fieldIndex("trajectory")), "trajectories were written: " + want);
      for (String column : columns) {
        if (!WHERE_AND_WHEN.contains(column) && !column.endsWith("_seconds")) {
          // Row equality compares doubles bit for bit (Double.equals), inside arrays and structs too.
          assertEquals(want.<Object>getAs(column), got.<Object>getAs(column),
              "run " + want.getAs("run_id") + ", column " + column);
        }
      }
      assertTrue(want.<String>getAs("executor").startsWith("driver@"), want.<String>getAs("executor"));
      assertTrue(got.<String>getAs("executor").matches("\\d+@127\\.0\\.0\\.\\d+"),
          "ran on a cluster executor, not the driver: " + got.getAs("executor"));
      assertEquals("cpu", got.<String>getAs("device"));
      assertNull(got.getAs("gpu_assigned"), "no GPUs asked for, none assigned");
    }
    assertExecutorsGotSparksJvmFlags();
  }

  @Test
  void aStragglerOvertakenBySpeculativeExecutionIsStoredExactlyOnce() {
    String text = TestSweeps.tiny("speculation");
    Path conf = TestSweeps.write(dir, "speculation.conf", text);
    String victim = GridExpander.expand(TestSweeps.settings(text)).runs().get(2).runId();
    String store = dir.resolve("store-speculation").toString();
    long start = System.nanoTime();
    SweepCli.Result r = cli.sweep("speculation-run", "run", conf.toString(), "--master", cluster.masterUrl,
        "--store", store, "--quiet",
        "--set", "engine.pack-size=1",
        "--set", "engine.spark.\"spark.executor.memory\"=512m",
        "--set", "engine.spark.\"spark.speculation\"=true",
        "--set", "engine.spark.\"spark.speculation.interval\"=100ms",
        "--set", "engine.spark.\"spark.speculation.quantile\"=0.5",
        "--set", "engine.spark.\"spark.speculation.multiplier\"=2",
        "--set", "engine.spark.\"spark.speculation.minTaskRuntime\"=1s",
        // Each pack is a job of one task: Spark's quantile rule has no sibling to compare with,
        // and speculates a task of such a small stage only past this duration.
        "--set", "engine.spark.\"spark.speculation.task.duration.threshold\"=5s",
        "--set", "engine.spark.\"" + FaultInjection.SLOW_FIRST_ATTEMPT + "\"=" + victim,
        "--set", "engine.spark.\"" + FaultInjection.SLOW_SECONDS + "\"=90");
    double seconds = (System.nanoTime() - start) / 1e9;
    assertEquals(0, r.code(), r.err() + "\n" + r.out());
    assertTrue(r.out().contains("done: 8 runs"), r.out());
    assertTrue(seconds < 90, "the straggler (90 s) was overtaken, the sweep took " + seconds + " s");
    assertTrue(r.log().contains("speculat"), "Spark launched a speculative copy (driver log)");
    List<Row> raw =
        TestSpark.session().read().parquet(store + "/runs").select("run_id", "status").collectAsList();
    assertEquals(8, raw.size(), "one row per run, no copy from the speculative attempt");
    assertEquals(8, raw.stream().map(x -> x.getString(0)).distinct().count());
    assertTrue(raw.stream().allMatch(x -> x.getString(1).equals("ok")), raw.toString());
  }

  /**
   * An executor JVM killed with SIGKILL while it trains packs (issue 17): the Worker starts a new
   * one, Spark runs the lost tasks again, and the sweep ends with every run stored exactly once.
   */
  @Test
  void anExecutorKilledMidSweepLosesNoRunAndStoresNoneTwice() throws InterruptedException {
    int seeds = 16;
    Path conf = TestSweeps.write(dir, "executor-kill.conf", """
        sweep {
          name = executor-kill
          grid { lr = [0.01, 0.02, 0.05], seed = [%s] }
          model { width = 16 }
          data { input-dim = 8, samples = 64, test-samples = 256 }
          train { steps = 100000, log-every = 20000, batch-size = 8 }
        }
        """.formatted(IntStream.range(0, seeds).mapToObj(Integer::toString)
            .collect(Collectors.joining(", "))));
    String store = dir.resolve("store-executor-kill").toString();
    SweepCli.Running run = cli.startSweep("executor-kill-run", "run", conf.toString(),
        "--master", cluster.masterUrl, "--store", store, "--quiet",
        "--set", "engine.pack-size=3",
        "--set", "engine.commit-interval=2s",
        "--set", "engine.spark.\"spark.executor.memory\"=512m");
    // Kill once two packs are done: the other packs in flight are then mid-training.
    long deadline = System.nanoTime() + 180_000_000_000L;
    while (count(run.log(), "pack done: ") < 2) {
      assertTrue(run.jvm().isAlive(), "the sweep ended before an executor was killed");
      assertTrue(System.nanoTime() < deadline, "no packs done in 3 minutes");
      Thread.sleep(100);
    }
    List<ProcessHandle> executors = ProcessHandle.allProcesses()
        .filter(p -> p.isAlive() && p.info().commandLine().orElse("").contains(dir.toString())
            && p.info().commandLine().orElse("").contains("CoarseGrainedExecutorBackend"))
        .toList();
    assertEquals(2, executors.size(), "one executor per Worker: " + executors);
    ProcessHandle victim = executors.get(0);
    assertTrue(victim.destroyForcibly(), "SIGKILL sent to executor " + victim.pid());

    SweepCli.Result r = run.await();
    assertEquals(0, r.code(), r.err() + "\n" + r.out());
    int runs = 3 * seeds;
    assertTrue(r.out().contains("done: " + runs + " runs"), r.out());
    assertTrue(r.log().contains("Lost executor") || r.log().contains("ExecutorLostFailure"),
        "the driver saw the executor go");
    List<Row> raw =
        TestSpark.session().read().parquet(store + "/runs").select("run_id", "status").collectAsList();
    assertEquals(runs, raw.size(), "one row per run in the raw files, none lost, none twice");
    assertEquals(runs, raw.stream().map(x -> x.getString(0)).distinct().count());
    assertTrue(raw.stream().allMatch(x -> x.getString(1).equals("ok")), raw.toString());
  }

  @Test
  void sparkSubmitWithGpuSchedulingRecordsTheAddressEachTaskWasGivenAndFallsBackToCpu() {
    Path conf = TestSweeps.write(dir, "gpu.conf", TestSweeps.tiny("gpu"));
    String store = dir.resolve("store-gpu").toUri().toString(); // a Hadoop URI: file:///...
    List<String> submit = cluster.sparkJava("1g");
    submit.addAll(List.of("org.apache.spark.deploy.SparkSubmit",
        "--master", cluster.masterUrl,
        "--class", "io.sweep.driver.cli.Main",
        "--conf", "spark.executor.memory=512m",
        "--conf", "spark.executor.cores=4",
        "--conf", "spark.executor.resource.gpu.amount=2",
        "--conf", "spark.task.resource.gpu.amount=0.5",
        clusterJar.toString(), "run", conf.toString(), "--store", store, "--quiet",
        // One run per task: 8 tasks at 0.5 GPU each keep both announced GPUs busy.
        "--set", "engine.pack-size=1"));
    // Run from the test's directory, not the checkout: the jar alone must be enough.
    SweepCli.Result r = cli.run("gpu-submit", submit, dir);
    assertEquals(0, r.code(), r.err() + "\n" + r.out());
    assertTrue(r.out().contains("done: 8 runs"), r.out());

    List<Map<String, String>> rows = new ArrayList<>();
    for (Row row : rows(store, "SELECT run_id, executor, device, gpu_assigned FROM runs ORDER BY run_id")) {
      Map<String, String> cells = new HashMap<>();
      for (String column : row.schema().fieldNames()) {
        cells.put(column, row.getAs(column));
      }
      rows.add(cells);
    }
    assertEquals(8, rows.size());

    // What the scheduler gave each task (the driver's log), and which task ran which run (the
    // executors' logs); every run's row must carry the scheduler's address.
    String driverLog = r.err() + r.log();
    Map<String, String[]> scheduled = scheduled(driverLog);
    Map<String, String[]> placed = new HashMap<>();
    Map<Path, Integer> warnings = new TreeMap<>();
    for (Path log : cluster.executorLogs()) {
      String text = read(log);
      Matcher m = PLACED.matcher(text);
      boolean ranOurs = false;
      while (m.find()) {
        if (rows.stream().anyMatch(row -> row.get("run_id").equals(m.group(1)))) {
          String[] previous = placed.put(m.group(1), new String[] {m.group(2), m.group(3), m.group(4)});
          assertNull(previous, "run " + m.group(1) + " ran once");
          ranOurs = true;
        }
      }
      if (ranOurs) {
        warnings.put(log, count(text, NO_CUDA_WARNING));
      }
    }
    Set<String> addresses = new TreeSet<>();
    for (Map<String, String> row : rows) {
      String run = row.get("run_id");
      String[] task = placed.get(run);
      assertNotNull(task, "executor log line of run " + run);
      String[] given = scheduled.get(task[0]);
      assertNotNull(given, "scheduler's log line of TID " + task[0] + " (run " + run + ")");
      assertEquals(given[1], row.get("gpu_assigned"), "run " + run + " records the GPU its task was given");
      assertTrue(row.get("executor").startsWith(given[0] + "@127.0.0."), "run " + run + ": " + row);
      assertTrue(StandaloneCluster.GPUS.contains(row.get("gpu_assigned")), row.toString());
      assertEquals("cpu", row.get("device"), "CPU backend: trained on the CPU, " + row);
      assertEquals(row.get("gpu_assigned"), task[1], "the executor's line agrees with the row");
      addresses.add(row.get("gpu_assigned"));
    }
    // Four tasks per executor at once on two GPUs at 0.5 each: both GPUs of an executor in use.
    assertEquals(new TreeSet<>(StandaloneCluster.GPUS), addresses);
    assertTrue(!warnings.isEmpty());
    warnings.forEach((log, n) -> assertEquals(1, n, "one CPU-fallback warning per executor in " + log));
  }

  /** Every executor JVM was started by a Worker with Spark's --add-opens flags and our heap. */
  private static void assertExecutorsGotSparksJvmFlags() {
    List<Path> logs = cluster.executorLogs();
    assertTrue(!logs.isEmpty(), "executors ran in JVMs of their own");
    for (Path log : logs) {
      String command = read(log).lines().findFirst().orElse("");
      assertTrue(command.startsWith("Spark Executor Command:"), command);
      assertTrue(command.contains("\"--add-opens=java.base/sun.nio.ch=ALL-UNNAMED\""), command);
      assertTrue(command.contains("\"-Xmx512M\""), command);
    }
  }

  /** TID → {executor id, assigned GPU addresses comma-joined} from the driver's scheduler log. */
  private static Map<String, String[]> scheduled(String driverLog) {
    Map<String, String[]> tasks = new HashMap<>();
    Matcher m = SCHEDULED.matcher(driverLog);
    while (m.find()) {
      String addresses = Arrays.stream(m.group(3).split(","))
          .map(a -> a.split("->")[0].trim())
          .sorted()
          .collect(Collectors.joining(","));
      tasks.put(m.group(1), new String[] {m.group(2), addresses});
    }
    assertTrue(!tasks.isEmpty(), "the driver logged its GPU assignments:\n" + driverLog);
    return tasks;
  }

  private static List<String> ids(List<Row> rows) {
    return rows.stream().map(r -> r.<String>getAs("run_id")).toList();
  }

  /**
   * A query over the views of a store, through the driver's own {@link Store}, in the test JVM's
   * session (cheaper than a CLI process per query).
   */
  private static synchronized List<Row> rows(String store, String query) {
    StoreViews.register(Store.open(TestSpark.session(), store));
    return TestSpark.session().sql(query).collectAsList();
  }

  private static String read(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int count(String text, String what) {
    int n = 0;
    for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
      n++;
    }
    return n;
  }

  private static String describe(ProcessHandle p) {
    return p.pid() + " " + p.info().commandLine().map(c -> c.length() > 200 ? c.substring(0, 200) + "..." : c)
        .orElse("?");
  }
}
