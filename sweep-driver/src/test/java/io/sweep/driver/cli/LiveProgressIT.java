package io.sweep.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep.driver.SweepProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live view of one long pack (issue 17, "a pack of 10⁵-step runs must not look frozen"):
 * {@code bin/sweep run} of a single pack of 4 runs × 1.5·10⁶ steps (about 20 s on an idle core),
 * its stderr redirected (the bar then redraws after carriage returns). While no run has finished
 * ({@code runs 0/4}), the bar must show replica-steps strictly between 0 and the total, more than
 * once and growing: with no finished pack there is no measured rate to estimate from, so those
 * values can only come from the steps the running task reported in executor heartbeats
 * (application.conf's 2 s {@code spark.executor.heartbeatInterval}).
 */
class LiveProgressIT {
  /** A frame of the bar: {@code DONE/TOTAL ksteps ... runs R/4}. */
  private static final Pattern FRAME =
      Pattern.compile("(\\d+)/(\\d+) ksteps .* runs (\\d+)/(\\d+), \\d+ stored");

  @TempDir Path dir;

  @Test
  void aLongSinglePackMovesTheBarBeforeItEnds() throws Exception {
    Path conf = dir.resolve("long.conf");
    Files.writeString(conf, """
        sweep {
          name = longpack
          grid { lr = [0.01, 0.02, 0.03, 0.04] }
          model { width = 16 }
          data { input-dim = 8, samples = 64, test-samples = 256 }
          train { steps = 1500000, log-every = 500000, batch-size = 8 }
        }
        """);
    SweepProcess.Result r = SweepProcess.start(dir, "run", conf.toString(),
        "--store", dir.resolve("store").toString(), "--master", "local[2]").await();
    assertEquals(0, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("done: 4 runs"), r.out());

    List<Long> whileRunning = new ArrayList<>();
    long total = -1;
    for (String frame : r.err().split("[\r\n]")) {
      Matcher m = FRAME.matcher(frame);
      if (m.find()) {
        total = Long.parseLong(m.group(2));
        if (m.group(3).equals("0")) {
          whileRunning.add(Long.parseLong(m.group(1)));
        }
      }
    }
    assertEquals(6000, total, "4 runs × 1.5M steps, in ksteps: " + r.err());
    long finalTotal = total;
    List<Long> intermediate =
        whileRunning.stream().filter(s -> s > 0 && s < finalTotal).distinct().toList();
    assertTrue(intermediate.size() >= 2,
        "the bar moved at least twice while the only pack trained: " + whileRunning + "\n" + r.err());
    for (int i = 1; i < intermediate.size(); i++) {
      assertTrue(intermediate.get(i) > intermediate.get(i - 1), "growing: " + intermediate);
    }
  }
}
