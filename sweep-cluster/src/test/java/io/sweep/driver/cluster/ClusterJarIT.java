package io.sweep.driver.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep.driver.SweepProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The application jar for clusters (target/sweep-cluster-VERSION.jar, built by the shade plugin in
 * {@code package}): everything sweep needs that Spark does not ship, and nothing Spark ships.
 */
class ClusterJarIT {

  /** The cluster jar of this build. */
  static Path jar() {
    try (Stream<Path> files = Files.list(Path.of("target"))) {
      List<Path> jars = files
          .filter(p -> p.getFileName().toString().matches("sweep-cluster-.*\\.jar"))
          .filter(p -> !p.getFileName().toString().contains("sources"))
          .toList();
      assertEquals(1, jars.size(), "one cluster jar in target/: " + jars);
      return jars.get(0).toAbsolutePath();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void holdsSweepDl4jAndItsLibrariesButNoSparkScalaOrHadoop() throws IOException {
    try (JarFile jar = new JarFile(jar().toFile())) {
      List<String> provided = jar.stream().map(e -> e.getName())
          .filter(n -> n.startsWith("org/apache/spark/") || n.startsWith("scala/")
              || n.startsWith("org/apache/hadoop/") || n.startsWith("org/slf4j/")
              || n.startsWith("org/apache/logging/log4j/"))
          .limit(5)
          .toList();
      assertEquals(List.of(), provided, "the cluster provides these");
      for (String entry : List.of(
          "io/sweep/driver/cli/Main.class",
          "io/sweep/driver/exec/RunTask.class",
          "io/sweep/worker/run/Runner.class",
          "org/deeplearning4j/nn/multilayer/MultiLayerNetwork.class",
          "org/nd4j/linalg/factory/Nd4j.class",
          "com/typesafe/config/Config.class",
          "picocli/CommandLine.class",
          "org/apache/commons/csv/CSVFormat.class",
          "sweep/application.conf",
          "sweep/log4j2.properties",
          "sweep/version.properties",
          "sweep/jvm.flags")) {
        assertNotNull(jar.getEntry(entry), entry);
      }
      assertEquals("io.sweep.driver.cli.Main", jar.getManifest().getMainAttributes().getValue("Main-Class"));
      // ND4J finds its backend through a service file, merged from every jar that has one.
      String backends = text(jar, "META-INF/services/org.nd4j.linalg.factory.Nd4jBackend");
      assertTrue(backends.contains("org.nd4j.linalg.cpu.nativecpu.CpuBackend")
          || backends.contains("org.nd4j.linalg.jcublas.JCublasBackend"), backends);
      // The defaults inside the jar are the checkout's conf/application.conf.
      assertArrayEquals(Files.readAllBytes(SweepProcess.ROOT.resolve("conf/application.conf")),
          bytes(jar, "sweep/application.conf"));
    }
  }

  private static String text(JarFile jar, String entry) throws IOException {
    return new String(bytes(jar, entry), StandardCharsets.UTF_8);
  }

  private static byte[] bytes(JarFile jar, String entry) throws IOException {
    assertNotNull(jar.getEntry(entry), entry);
    try (InputStream in = jar.getInputStream(jar.getEntry(entry))) {
      return in.readAllBytes();
    }
  }
}
