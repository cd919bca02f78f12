package io.sweep.driver.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep.driver.CliRun;
import io.sweep.driver.TestSpark;
import io.sweep.driver.TestSweeps;
import io.sweep.driver.config.SweepSettings;
import io.sweep.driver.plan.GridExpander;
import io.sweep.driver.plan.PlannedRun;
import io.sweep.driver.store.RunRows;
import io.sweep.driver.store.Store;
import io.sweep.driver.store.StoredNetwork;
import io.sweep.worker.data.DataModel;
import io.sweep.worker.data.Samples;
import io.sweep.worker.net.NetworkParameters;
import io.sweep.worker.spec.RunSpec;
import io.sweep.worker.train.InitialParameters;
import io.sweep.worker.train.NetworkFactory;
import io.sweep.worker.train.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;

/**
 * The {@code weights} table and {@code diagnose}, end to end through the CLI: weights for every
 * ok run that reproduce its training loss, and diagnoses that reproduce the stored diagnostics
 * bitwise with the same settings, change them with others, show in the runs view and are
 * idempotent in effect.
 */
class WeightsIT {
  @TempDir static Path dir; // removed by JUnit afterwards
  static Path store;

  private static final String SWEEP = """
      sweep {
        name = %s
        grid { lr = [0.05, 0.1], batch-size = [4, full], seed = [0, 1] }
        model { width = 6, bias = true }
        data { input-dim = 3, samples = 16, test-samples = 64 }
        train { steps = 200, log-every = 50 }
      }
      """;

  @BeforeAll
  static void twoSweepsOnePackedOneReference() throws Exception {
    TestSpark.session();
    store = dir.resolve("store");
    run("packed", "engine.pack-size=8");
    run("reference", "engine.pack-size=1");
  }

  private static void run(String name, String engine) {
    Path f = TestSweeps.write(dir, name + ".conf", SWEEP.formatted(name));
    CliRun r = CliRun.of("run", f.toString(), "--quiet", "--store", store.toString(), "--set",
        engine, "--set", "engine.log-dir=\"" + dir.resolve("logs") + "\"");
    assertEquals(0, r.code(), r.err());
  }

  private static Store store() {
    return Store.open(TestSpark.session(), store.toString());
  }

  private static CliRun cli(String... args) {
    String[] all = Arrays.copyOf(args, args.length + 4);
    all[args.length] = "--store";
    all[args.length + 1] = store.toString();
    all[args.length + 2] = "--set";
    all[args.length + 3] = "engine.log-dir=\"" + dir.resolve("logs") + "\"";
    return CliRun.of(all);
  }

  /** The planned runs of a stored sweep, by id. */
  private static Map<String, PlannedRun> plan(String sweep) {
    Store s = store();
    SweepSettings settings = Sweeps.open(TestSpark.session(),
        io.sweep.driver.config.SettingsParser.engine(io.sweep.driver.config.ConfigLoader.load(null,
            List.of("engine.store=\"" + store + "\"")))).storedSettings(sweep, List.of());
    return GridExpander.expand(settings).runs().stream()
        .collect(Collectors.toMap(PlannedRun::runId, p -> p));
  }

  @Test
  void everyOkRunHasWeightsThatReproduceItsTrainingLoss() {
    for (String sweep : List.of("packed", "reference")) {
      Store s = store();
      Dataset<Row> runs = s.runs();
      List<Row> ok = runs.where(runs.col("sweep").equalTo(sweep).and(runs.col("status").equalTo("ok")))
          .select("run_id", "train_loss", "trainer").collectAsList();
      assertEquals(8, ok.size(), sweep);
      Map<String, StoredNetwork> nets = s.networks(ok.stream().map(r -> r.getString(0)).toList());
      Map<String, PlannedRun> plan = plan(sweep);
      Dataset<Row> w = s.weights();
      for (Row r : ok) {
        String id = r.getString(0);
        assertEquals(4, w.where(w.col("run_id").equalTo(id)).count(), "W¹, b¹, A, c of " + id);
        RunSpec spec = plan.get(id).spec();
        StoredNetwork n = nets.get(id);
        assertNotNull(n, id);
        Samples train = DataModel.dataSet(spec.data(), spec.seed()).train();
        double stored = r.getDouble(1);
        if (sweep.equals("reference")) {
          // The reference's own evaluation (DL4J, float) of the stored weights: its train_loss.
          var net = NetworkFactory.build(spec.model(), spec.data().inputDim(), spec.train(),
              InitialParameters.of(spec.withStart(n.start(0))));
          assertEquals(stored, Trainer.meanSquaredError(net, train), 1e-9 * stored, id);
        }
        // In double precision: the pack evaluates in float32, so equal to float rounding.
        NetworkParameters p = n.parameters(spec.model());
        double sum = 0;
        for (int i = 0; i < train.n(); i++) {
          double e = p.output(train.x(), i * train.d()) - train.y()[i];
          sum += e * e;
        }
        assertEquals(stored, sum / train.n(), 1e-5 * stored, sweep + " " + id);
      }
    }
  }

  /** The diagnostic columns of the runs view, by run id. */
  private static Map<String, List<Object>> diagnostics(String sweep) {
    Dataset<Row> runs = store().runs();
    String[] cols = Arrays.stream(runs.columns())
        .filter(c -> !RunRows.TRAINING_COLUMNS.contains(c) && !c.equals("diagnostics_seconds")
            && !c.equals("diagnosed_at"))
        .toArray(String[]::new);
    return runs.where(runs.col("sweep").equalTo(sweep)).collectAsList().stream()
        .collect(Collectors.toMap(r -> r.getString(r.fieldIndex("run_id")),
            r -> Arrays.stream(cols).map(c -> {
              Object v = r.get(r.fieldIndex(c));
              return v instanceof scala.collection.Seq<?> seq
                  ? (Object) scala.jdk.javaapi.CollectionConverters.asJava(seq) : v;
            }).toList()));
  }

  private static Map<String, List<Object>> training(String sweep) {
    Dataset<Row> runs = store().runs();
    return runs.where(runs.col("sweep").equalTo(sweep)).collectAsList().stream()
        .collect(Collectors.toMap(r -> r.getString(r.fieldIndex("run_id")),
            r -> RunRows.TRAINING_COLUMNS.stream().map(c -> r.get(r.fieldIndex(c))).toList()));
  }

  @Test
  void diagnoseReproducesTheStoredDiagnosticsChangesThemWithOtherSettingsAndIsIdempotent() {
    Dataset<Row> before = store().runs();
    assertNull(before.where("sweep = 'packed'").select("diagnosed_at").first().get(0));
    Map<String, List<Object>> trained = diagnostics("packed");
    Map<String, List<Object>> trainingColumns = training("packed");

    CliRun same = cli("diagnose", "--sweep", "packed");
    assertEquals(0, same.code(), same.err());
    assertTrue(same.out().contains("diagnosed 8 runs of sweep packed"), same.out());
    assertEquals(trained, diagnostics("packed"), "same settings: bitwise the same diagnostics");
    assertEquals(0, store().runs().where("sweep = 'packed' AND diagnosed_at IS NULL").count());

    CliRun other = cli("diagnose", "--sweep", "packed", "--set",
        "diagnostics.exact-hessian-max-params=0");
    assertEquals(0, other.code(), other.err());
    Map<String, List<Object>> estimated = diagnostics("packed");
    assertTrue(!estimated.equals(trained), "other settings change the diagnostics");
    assertEquals(List.of("estimated"), store().runs().where("sweep = 'packed'")
        .select("hessian_method").distinct().collectAsList().stream().map(r -> r.get(0)).toList());
    assertEquals(trainingColumns, training("packed"), "training columns never change");

    CliRun again = cli("diagnose", "--sweep", "packed", "--set",
        "diagnostics.exact-hessian-max-params=0");
    assertEquals(0, again.code(), again.err());
    assertEquals(estimated, diagnostics("packed"), "a rerun stores the same values again");
    assertEquals(16, store().runs().count(), "each run once in the view");
  }
}
