package io.sweep.worker.run;

import static io.sweep.worker.run.TestSpecs.small;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.sweep.worker.data.DataSet;
import io.sweep.worker.diagnose.Diagnostics;
import io.sweep.worker.diagnose.DiagnosticsSpec;
import io.sweep.worker.diagnose.RecordsClose;
import io.sweep.worker.diagnose.TrajectoryPoint;
import io.sweep.worker.pack.Pack;
import io.sweep.worker.pack.PackTrainer;
import io.sweep.worker.pack.ReplicaOutcome;
import io.sweep.worker.spec.Activation;
import io.sweep.worker.spec.ModelSpec;
import io.sweep.worker.spec.RunSpec;
import io.sweep.worker.spec.RunStatus;
import io.sweep.worker.spec.TrainSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The pack path's diagnostics (issue 17: Hessian products in blocks) against the per-run oracle
 * {@link Diagnostics#compute} on the same final parameters, data and logged losses: equal to
 * rounding (1e-12 relative; the Hessian estimators, same random streams, 1e-9), for
 * every activation, depth 1–3, k = 1 and 3 outputs, trained and frozen output, on the exact
 * (P ≤ exact-hessian-max-params) and the estimated Hessian path.
 */
class RunnerPackDiagnosticsTest {

  @Test
  void packDiagnosticsEqualTheOracleOnEveryShape() {
    int checked = 0;
    for (Activation a : Activation.values()) {
      for (int depth = 1; depth <= 3; depth++) {
        for (int k : new int[] {1, 3}) {
          for (boolean train : new boolean[] {true, false}) {
            // Estimated path (exact-hessian-max-params 0) on one shape in two, exact on the rest.
            int exactMax = (depth + k) % 2 == 0 ? 0 : 600;
            checked += check(a, depth, k, train, exactMax);
          }
        }
      }
    }
    assertEquals(Activation.values().length * 3 * 2 * 2 * 3, checked);
  }

  private static int check(Activation a, int depth, int k, boolean train, int exactMax) {
    DiagnosticsSpec spec = new DiagnosticsSpec(0.1, 0.1, 1e-3, 6, exactMax, 10);
    List<RunSpec> runs = new ArrayList<>();
    for (String id : List.of("x", "y", "z")) {
      RunSpec s = small(id, id.equals("z") ? 5 : 4, id.equals("x") ? 0.0 : 0.3);
      ModelSpec m = s.model(); // init scale 0.5, η 0.005: cubic at depth 3 stays finite
      runs.add(new RunSpec(id, s.seed(),
          new ModelSpec(m.width(), a, 0.5, m.bias(), depth, m.init(), m.outputInit(),
              train, k),
          s.data().withOutputs(k), new TrainSpec(0.005, 8, s.train().labelNoise(), 50, 10, 1000.0)));
    }
    List<ReplicaOutcome> outcomes = new ArrayList<>();
    List<DataSet> data = new ArrayList<>();
    Runner.PackTraining capturing = (pack, d, observers) -> {
      List<ReplicaOutcome> o = new PackTrainer().train(pack, d, observers);
      outcomes.addAll(o);
      data.addAll(d);
      return o;
    };
    List<RunResult> results = Runner.run(new Pack(runs), spec, capturing, (s, d, o) -> {
      throw new AssertionError("no reference training expected");
    });
    String where = a + " depth " + depth + " k " + k + " trainOutput " + train;
    for (int r = 0; r < runs.size(); r++) {
      RunResult result = results.get(r);
      assertEquals(Runner.PACK, result.trainer(), where);
      assertEquals(RunStatus.OK, result.status(), where + ": " + result.error());
      assertNotNull(result.diagnostics(), where);
      RunSpec run = runs.get(r);
      ReplicaOutcome o = outcomes.get(r);
      List<Double> losses = result.trajectory().stream().map(TrajectoryPoint::trainLoss).toList();
      // the estimators (same random streams) to 1e-9, the exact Hessian and the rest to 1e-12
      RecordsClose.assertClose(Diagnostics.compute(o.parameters(), data.get(r), spec,
          run.train(), o.trainLoss(), run.seed(), losses), result.diagnostics(),
          exactMax > 0 ? 1e-12 : 1e-9, where + " run " + r);
    }
    return runs.size();
  }
}
