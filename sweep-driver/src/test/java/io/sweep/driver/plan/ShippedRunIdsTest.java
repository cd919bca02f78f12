package io.sweep.driver.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.sweep.driver.config.ConfigLoader;
import io.sweep.driver.config.SettingsParser;
import io.sweep.driver.config.SweepSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The run ids of every shipped sweep file stay byte-identical across releases: stores that users
 * filled with these sweeps must resume, not re-run or report conflicts. Pinned in {@code
 * golden/shipped-run-ids.txt}, one line per file: path, run count, the first run id and the SHA-256
 * of all run ids in plan order. A new parameter at its neutral default must not change a line; a
 * new shipped sweep adds one (the failure message prints it). To rewrite the file after a
 * deliberate change: {@code -Dgolden.update=true}.
 */
class ShippedRunIdsTest {

  static final Path ROOT = Path.of("").toAbsolutePath().getParent();
  static final Path GOLDEN = Path.of("src/test/resources/golden/shipped-run-ids.txt");

  static List<Path> shippedSweeps() throws IOException {
    List<Path> files = new ArrayList<>();
    for (String dir : List.of("conf/sweeps", "notebooks/sweeps")) {
      try (Stream<Path> s = Files.list(ROOT.resolve(dir))) {
        s.filter(p -> p.toString().endsWith(".conf")).sorted().forEach(files::add);
      }
    }
    return files;
  }

  static String line(Path file) throws NoSuchAlgorithmException {
    SweepSettings settings =
        SettingsParser.all(ConfigLoader.load(file, List.of()), file.toString()).sweep();
    List<PlannedRun> runs = GridExpander.expand(settings).runs();
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    for (PlannedRun r : runs) {
      sha.update((r.runId() + "\n").getBytes(StandardCharsets.UTF_8));
    }
    return ROOT.relativize(file) + " " + runs.size() + " " + runs.get(0).runId() + " "
        + HexFormat.of().formatHex(sha.digest());
  }

  @Test
  void everyShippedSweepKeepsItsRunIds() throws Exception {
    if (Boolean.getBoolean("golden.update")) {
      List<String> lines = new ArrayList<>(List.of(Files.readAllLines(GOLDEN).get(0)));
      for (Path f : shippedSweeps()) {
        lines.add(line(f));
      }
      Files.write(GOLDEN, lines);
    }
    Map<String, String> golden = new LinkedHashMap<>();
    for (String l : Files.readAllLines(GOLDEN)) {
      if (!l.isBlank() && !l.startsWith("#")) {
        golden.put(l.substring(0, l.indexOf(' ')), l);
      }
    }
    List<Path> files = shippedSweeps();
    assertEquals(golden.size(), files.size(), "shipped sweeps " + files + " vs golden " + golden.keySet());
    for (Path f : files) {
      String now = line(f);
      String want = golden.get(ROOT.relativize(f).toString());
      if (want == null) {
        fail("no golden run ids for " + f + "; add this line to " + GOLDEN + ":\n" + now);
      }
      assertEquals(want, now, "run ids of " + f + " changed: stores of this sweep would re-run");
    }
  }
}
