package io.sweep.worker.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep.worker.data.DataModel;
import io.sweep.worker.data.DataSet;
import io.sweep.worker.diagnose.Diagnostics;
import io.sweep.worker.diagnose.DiagnosticsSpec;
import io.sweep.worker.net.NetworkParameters;
import io.sweep.worker.pack.Pack;
import io.sweep.worker.pack.PackTrainer;
import io.sweep.worker.pack.ReplicaOutcome;
import io.sweep.worker.spec.Activation;
import io.sweep.worker.spec.DataSpec;
import io.sweep.worker.spec.InitialWeights;
import io.sweep.worker.spec.ModelSpec;
import io.sweep.worker.spec.RunSpec;
import io.sweep.worker.spec.RunStatus;
import io.sweep.worker.spec.Teacher;
import io.sweep.worker.spec.TrainSpec;
import io.sweep.worker.train.TrainingObserver;
import io.sweep.worker.train.Trainer;
import io.sweep.worker.train.TrainingOutcome;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Warm starts ({@link RunSpec#start()}): a run started from a full-batch GD minimum has the
 * minimum's training loss at step 0, with the reference trainer and with the pack trainer; a
 * perturbation ε raises it by about ½ε²·tr H; the final parameters come out of the runner for ok
 * runs only.
 */
class WarmStartTest {
  private static final ModelSpec MODEL = new ModelSpec(8, Activation.TANH, 1.0, true);
  private static final DataSpec DATA = new DataSpec(4, Teacher.LINEAR, 0.1, 32, 64, 1);
  private static final long SEED = 3;
  private static final DiagnosticsSpec SPEC = new DiagnosticsSpec(0.1, 0.1, 1e-3, 16, 600, 0);

  static RunSpec minimumSpec;
  static TrainingOutcome minimum;
  static DataSet data;

  @BeforeAll
  static void reachAMinimumByFullBatchGd() {
    minimumSpec = new RunSpec("gd", SEED, MODEL, DATA, new TrainSpec(0.2, 32, 0, 3000, 500, 1e3));
    data = DataModel.dataSet(DATA, SEED);
    minimum = new Trainer().train(minimumSpec, data);
    assertEquals(RunStatus.OK, minimum.status());
    assertTrue(minimum.trainLoss() < 0.05 * minimum.initialTrainLoss(),
        "GD reached a small loss: " + minimum.trainLoss() + " from " + minimum.initialTrainLoss());
  }

  /** An SGD run from the minimum, step 0 logged. */
  private static RunSpec fromMinimum(String id, double lr, double perturb) {
    NetworkParameters p = minimum.parameters();
    return new RunSpec(id, SEED, MODEL, DATA, new TrainSpec(lr, 8, 0.3, 20, 10, 1e3))
        .withStart(new InitialWeights("gd", perturb, p.weights(), p.biases(), p.a(), p.outputBias()));
  }

  /** The training loss each observer saw at step 0. */
  private static final class StepZero implements TrainingObserver {
    double loss = Double.NaN;

    @Override
    public void observe(long step, double trainLoss,
        java.util.function.Supplier<NetworkParameters> parameters) {
      if (step == 0) {
        loss = trainLoss;
      }
    }
  }

  @Test
  void theReferenceTrainerStartsAtTheMinimumsLoss() {
    StepZero seen = new StepZero();
    new Trainer().train(fromMinimum("warm", 0.05, 0), data, seen);
    // the same float parameters and the same float forward pass: bitwise the same loss
    assertEquals(minimum.trainLoss(), seen.loss, 0.0);
  }

  @Test
  void thePackTrainerStartsAtTheMinimumsLoss() {
    List<StepZero> seen = List.of(new StepZero(), new StepZero());
    Pack pack = new Pack(List.of(fromMinimum("a", 0.05, 0), fromMinimum("b", 0.02, 0)));
    List<ReplicaOutcome> out = new PackTrainer().train(pack, List.of(data, data),
        new ArrayList<>(seen));
    for (int r = 0; r < 2; r++) {
      assertEquals(RunStatus.OK, out.get(r).status());
      // the pack evaluates in float in another order than DL4J: equal to float rounding
      assertEquals(minimum.trainLoss(), seen.get(r).loss, 1e-5 * minimum.trainLoss(),
          "replica " + r);
    }
  }

  @Test
  void aPerturbationRaisesTheStartingLossByHalfEpsilonSquaredTimesTheTrace() {
    double eps = 1e-3;
    StepZero exact = new StepZero();
    StepZero perturbed = new StepZero();
    StepZero again = new StepZero();
    new Trainer().train(fromMinimum("warm", 0.05, 0), data, exact);
    new Trainer().train(fromMinimum("warm", 0.05, eps), data, perturbed);
    new Trainer().train(fromMinimum("warm", 0.05, eps), data, again);
    assertEquals(perturbed.loss, again.loss, 0.0, "seeded by the run's seed: reproducible");
    double trace = Diagnostics.compute(minimum.parameters(), data, SPEC,
        0.05, 8, minimum.trainLoss(), SEED).hessianTrace();
    double expected = 0.5 * eps * eps * trace; // E[zᵀHz]/2 at a minimum, z ~ N(0, I)
    double change = perturbed.loss - exact.loss;
    assertNotEquals(0.0, change);
    assertTrue(Math.abs(change) > expected / 20 && Math.abs(change) < expected * 20,
        "loss change " + change + " vs ½ε²·tr H = " + expected);
  }

  @Test
  void theRunnerHandsOutTheFinalParametersOfOkRunsOnly() {
    RunResult ok = Runner.run(fromMinimum("warm", 0.05, 0), SPEC);
    assertEquals(RunStatus.OK, ok.status());
    assertNotNull(ok.parameters());
    assertEquals(8 * 4 + 8 + 8 + 1, ok.parameters().count());
    RunResult diverged = Runner.run(new RunSpec("boom", SEED, MODEL, DATA,
        new TrainSpec(500, 8, 0, 50, 10, 1e3)), SPEC);
    assertEquals(RunStatus.DIVERGED, diverged.status());
    assertNull(diverged.parameters());
  }

  @Test
  void rediagnosingTheFinalParametersReproducesTheDiagnosticsBitwise() {
    RunSpec spec = fromMinimum("warm", 0.05, 0);
    RunResult r = Runner.run(spec, SPEC);
    List<Double> losses = r.trajectory().stream().map(p -> p.trainLoss()).toList();
    assertEquals(r.diagnostics(), Runner.rediagnose(spec, SPEC,
        r.parameters(), r.trainLoss(), losses, Runner.packed(r.trainer())));
  }
}
