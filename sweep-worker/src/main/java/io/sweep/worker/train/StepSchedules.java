package io.sweep.worker.train;

import io.sweep.worker.spec.Phase;
import io.sweep.worker.spec.StepSettings;
import io.sweep.worker.spec.TrainSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.nd4j.linalg.schedule.FixedSchedule;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/**
 * A {@link TrainSpec}'s η and μ as DL4J schedules over the iteration count i = k − 1 of step k:
 * a {@code MapSchedule} (ITERATION) with the base value at i = 0 and each phase's value at i =
 * {@code at}, which {@code MapSchedule} holds until the next key, so the phase's η and μ are in
 * force from step at + 1 on, as {@link TrainSpec#at(long)} says. Without phases, a {@code
 * FixedSchedule}.
 */
final class StepSchedules {

  private StepSchedules() {}

  /** The heavy-ball updater of {@code train}: its η and μ schedules. */
  static HeavyBall heavyBall(TrainSpec train) {
    return new HeavyBall(
        schedule(train, StepSettings::lr), schedule(train, StepSettings::momentum));
  }

  static ISchedule schedule(TrainSpec train, ToDoubleFunction<StepSettings> knob) {
    List<StepSettings> stretches = train.stretches();
    if (train.schedule().isEmpty()) {
      return new FixedSchedule(knob.applyAsDouble(stretches.get(0)));
    }
    Map<Integer, Double> values = new HashMap<>();
    values.put(0, knob.applyAsDouble(stretches.get(0)));
    List<Phase> phases = train.schedule();
    for (int i = 0; i < phases.size(); i++) {
      // DL4J counts iterations in an int; beyond that a step count is not runnable anyway.
      values.put(Math.toIntExact(phases.get(i).at()), knob.applyAsDouble(stretches.get(i + 1)));
    }
    return new MapSchedule(ScheduleType.ITERATION, values);
  }
}
