package io.sweep.driver.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.launcher.JavaModuleOptions;

/**
 * A real Spark standalone cluster on loopback: one Master and {@code n} Workers, each its own JVM
 * started from the Spark jars Maven resolved (the provided scope of this module, listed in
 * target/spark-classpath.txt). Their SPARK_HOME is a directory with a {@code jars/} folder of
 * links to those jars and a {@code RELEASE} file, which is what Spark's launcher looks for when a
 * Worker builds an executor's command line; executors are JVMs the Workers start.
 *
 * <p>Each Worker announces two GPUs, "0" and "1", through the project's real discovery script
 * (conf/gpu-discovery.sh) with a fake {@code nvidia-smi} first on its PATH, so that applications
 * asking for GPUs get Spark's resource scheduling without a GPU.
 */
final class StandaloneCluster implements AutoCloseable {
  static final String HOST = "127.0.0.1";
  /** GPU addresses every Worker announces. */
  static final List<String> GPUS = List.of("0", "1");

  final Path dir;
  final Path sparkHome;
  final String masterUrl;
  final List<Path> workDirs = new ArrayList<>();
  private final List<Jvm> daemons = new ArrayList<>();

  private StandaloneCluster(Path dir, Path sparkHome, String masterUrl) {
    this.dir = dir;
    this.sparkHome = sparkHome;
    this.masterUrl = masterUrl;
  }

  /**
   * Starts a Master and {@code workers} Workers and waits until every Worker is registered.
   *
   * @param sparkClasspath the file with Spark's runtime classpath
   * @param discoveryScript the GPU discovery script the Workers run
   */
  static StandaloneCluster start(Path dir, Path sparkClasspath, Path discoveryScript, int workers,
      int cores, String memory) {
    Path sparkHome = sparkHome(dir.resolve("spark-home"), sparkClasspath);
    Path fakeBin = fakeNvidiaSmi(dir.resolve("fake-bin"));
    int masterPort = freePort();
    StandaloneCluster cluster = new StandaloneCluster(dir, sparkHome, "spark://" + HOST + ":" + masterPort);
    try {
      Jvm master = cluster.daemon("master", List.of(), "org.apache.spark.deploy.master.Master",
          List.of("--host", HOST, "--port", String.valueOf(masterPort),
              "--webui-port", String.valueOf(freePort())), Map.of());
      master.awaitLog(Pattern.compile("New state: ALIVE"), Duration.ofSeconds(90));
      List<Jvm> started = new ArrayList<>();
      for (int i = 1; i <= workers; i++) {
        Path work = createDirectories(dir.resolve("worker-" + i));
        cluster.workDirs.add(work);
        // Each Worker on its own loopback address, so that its executors count as another host:
        // Spark never runs a speculative copy on a host where the task already runs.
        String workerHost = workerHost(i);
        started.add(cluster.daemon("worker-" + i,
            List.of("-Dspark.worker.resource.gpu.amount=" + GPUS.size(),
                "-Dspark.worker.resource.gpu.discoveryScript=" + discoveryScript),
            "org.apache.spark.deploy.worker.Worker",
            List.of("--host", workerHost, "--port", String.valueOf(freePort()),
                "--webui-port", String.valueOf(freePort()), "--cores", String.valueOf(cores),
                "--memory", memory, "--work-dir", work.toString(), cluster.masterUrl),
            Map.of("PATH", fakeBin + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"),
                "SPARK_LOCAL_IP", workerHost)));
      }
      for (Jvm worker : started) {
        worker.awaitLog(Pattern.compile("Successfully registered with master"), Duration.ofSeconds(90));
      }
      return cluster;
    } catch (RuntimeException | Error e) {
      cluster.close();
      throw e;
    }
  }

  private static Path createDirectories(Path p) {
    try {
      return Files.createDirectories(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The loopback address of Worker {@code i} (1-based): 127.0.0.1, 127.0.0.2, ... */
  static String workerHost(int i) {
    return "127.0.0." + i;
  }

  /** The environment every process of the test gets: Spark's home, Scala version, loopback. */
  Map<String, String> env() {
    return Map.of(
        "SPARK_HOME", sparkHome.toString(),
        "SPARK_SCALA_VERSION", "2.13",
        "SPARK_LOCAL_IP", HOST,
        "SPARK_CONF_DIR", sparkHome.resolve("conf").toString());
  }

  /** {@code java -cp SPARK_HOME/jars/*} with the JVM flags Spark's own launcher passes. */
  List<String> sparkJava(String heap) {
    List<String> command = new ArrayList<>(List.of(Jvm.java(), "-cp", sparkHome.resolve("jars") + "/*"));
    command.addAll(List.of(JavaModuleOptions.defaultModuleOptionArray()));
    command.add("-Xmx" + heap);
    return command;
  }

  private Jvm daemon(String name, List<String> jvmOptions, String mainClass, List<String> args,
      Map<String, String> extraEnv) {
    List<String> command = sparkJava("256m");
    command.addAll(jvmOptions);
    command.add(mainClass);
    command.addAll(args);
    Map<String, String> env = new HashMap<>(env());
    env.putAll(extraEnv);
    Jvm jvm = Jvm.start(name, command, env, dir, dir.resolve(name + ".log"));
    daemons.add(jvm);
    return jvm;
  }

  /** The stderr files of every executor the Workers launched (each names its command first). */
  List<Path> executorLogs() {
    List<Path> logs = new ArrayList<>();
    for (Path work : workDirs) {
      try (Stream<Path> files = Files.walk(work)) {
        files.filter(p -> p.getFileName().toString().equals("stderr")).sorted().forEach(logs::add);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return logs;
  }

  /** Every process of the cluster, executors included, seen so far. */
  List<ProcessHandle> processes() {
    List<ProcessHandle> all = new ArrayList<>();
    for (Jvm d : daemons) {
      all.addAll(d.processes());
    }
    return all;
  }

  /**
   * Stops the Workers (and so their executors), then the Master, by process id; then deletes the
   * executors' copies of the application jar (150 MB each), keeping their logs.
   */
  @Override
  public void close() {
    for (int i = daemons.size() - 1; i >= 0; i--) {
      daemons.get(i).stop();
    }
    for (Path work : workDirs) {
      try (Stream<Path> files = Files.walk(work)) {
        for (Path jar : files.filter(p -> p.toString().endsWith(".jar")).toList()) {
          Files.deleteIfExists(jar);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static Path sparkHome(Path home, Path sparkClasspath) {
    try {
      Path jars = Files.createDirectories(home.resolve("jars"));
      Files.createDirectories(home.resolve("conf"));
      String cp = Files.readString(sparkClasspath, StandardCharsets.UTF_8).strip();
      for (String entry : cp.split(java.io.File.pathSeparator)) {
        Path jar = Path.of(entry);
        Path link = jars.resolve(jar.getFileName().toString());
        if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
          try {
            Files.createSymbolicLink(link, jar);
          } catch (UnsupportedOperationException | IOException e) {
            Files.copy(jar, link);
          }
        }
      }
      Files.writeString(home.resolve("RELEASE"),
          "Spark " + org.apache.spark.package$.MODULE$.SPARK_VERSION()
              + " (jars as Maven resolved them, for sweep's standalone-cluster test)\n");
      return home;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A stand-in for nvidia-smi that lists GPUs 0 and 1, as {@code --query-gpu=index} would. */
  private static Path fakeNvidiaSmi(Path bin) {
    try {
      Files.createDirectories(bin);
      Path smi = bin.resolve("nvidia-smi");
      Files.writeString(smi, "#!/bin/sh\n# fake: two GPUs, as 'nvidia-smi --query-gpu=index --format=csv,noheader'\n"
          + "printf '" + String.join("\\n", GPUS) + "\\n'\n");
      Files.setPosixFilePermissions(smi, PosixFilePermissions.fromString("rwxr-xr-x"));
      return bin;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
