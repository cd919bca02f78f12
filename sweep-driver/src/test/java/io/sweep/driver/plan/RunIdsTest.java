package io.sweep.driver.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep.driver.TestSweeps;
import io.sweep.driver.config.Parameter;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Run ids and the neutral-default rule that keeps them stable when parameters are added. */
class RunIdsTest {

  private static Map<Parameter, Object> values(boolean bias) {
    PlannedRun run = GridExpander.expand(TestSweeps.settings(TestSweeps.tiny("ids"))).runs().get(0);
    Map<Parameter, Object> v = new EnumMap<>(run.values());
    v.put(Parameter.BIAS, bias);
    return v;
  }

  /** As if {@code bias} had been added after 0.1.0 with neutral value false. */
  private static final Function<Parameter, Optional<Object>> BIAS_ADDED_LATER =
      p -> p == Parameter.BIAS ? Optional.of(false) : Parameter.addedLater().contains(p) ? p.neutral() : Optional.empty();

  /** The parameters of release 0.1.0, the columns of its runs table. */
  static final List<Parameter> RELEASE_010 = List.of(Parameter.LR, Parameter.BATCH_SIZE,
      Parameter.LABEL_NOISE, Parameter.SAMPLES, Parameter.WIDTH, Parameter.ACTIVATION,
      Parameter.INIT_SCALE, Parameter.BIAS, Parameter.INPUT_DIM, Parameter.TEACHER,
      Parameter.TEACHER_WIDTH, Parameter.DATA_NOISE, Parameter.TEST_SAMPLES, Parameter.DATA_TYPE,
      Parameter.STEPS, Parameter.LOG_EVERY, Parameter.DIVERGENCE_FACTOR, Parameter.SEED);

  @Test
  void noParameterOfRelease010HasANeutralValueAndEveryLaterOneHas() {
    for (Parameter p : Parameter.values()) {
      assertEquals(!RELEASE_010.contains(p), p.neutral().isPresent(), p.key());
    }
    assertEquals(RELEASE_010, java.util.Arrays.stream(Parameter.values())
        .filter(p -> !Parameter.addedLater().contains(p)).toList());
  }

  @Test
  void aParameterAtItsNeutralValueStaysOutOfTheIdAndChangesNothing() {
    Map<Parameter, Object> atNeutral = values(false);
    String withRule = RunIds.canonicalText("ids", atNeutral, BIAS_ADDED_LATER);
    assertFalse(withRule.contains("bias="), withRule);
    // The id is the one the run had before the parameter existed: its text without the line.
    assertEquals(RunIds.canonicalText("ids", atNeutral).replace("bias=false\n", ""), withRule);
  }

  @Test
  void aParameterAwayFromItsNeutralValueEntersTheIdAsAnyOther() {
    Map<Parameter, Object> used = values(true);
    String withRule = RunIds.canonicalText("ids", used, BIAS_ADDED_LATER);
    assertTrue(withRule.contains("bias=true\n"), withRule);
    assertEquals(RunIds.canonicalText("ids", used), withRule);
    assertNotEquals(RunIds.hash(withRule),
        RunIds.hash(RunIds.canonicalText("ids", values(false), BIAS_ADDED_LATER)));
  }

  @Test
  void theIdIsTheHashOfTheCanonicalText() {
    Map<Parameter, Object> v = values(false);
    assertEquals(RunIds.hash(RunIds.canonicalText("ids", v)), RunIds.of("ids", v));
    assertEquals(16, RunIds.of("ids", v).length());
  }
}
