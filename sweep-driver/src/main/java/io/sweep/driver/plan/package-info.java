/**
 * The plan: a sweep described as data before anything runs. {@link
 * io.sweep.driver.plan.GridExpander} expands validated {@code config} settings into a {@link
 * io.sweep.driver.plan.SweepPlan}, the cartesian product of the axes in canonical order (seeds
 * fastest), each {@link io.sweep.driver.plan.PlannedRun} a worker {@code RunSpec} plus the value of
 * every parameter for its row, built on demand from its grid index ({@link
 * io.sweep.driver.plan.PlannedRuns}: the driver's memory does not grow with the number of runs).
 * {@link io.sweep.driver.plan.PackPlan} cuts the pending runs into packs as lists of indices.
 * {@link io.sweep.driver.plan.RunIds} derives each run's id from the
 * sweep name and its values, the same on every machine and invocation (the basis of resume);
 * {@link io.sweep.driver.plan.CostModel} estimates the cost for {@code bin/sweep plan}.
 *
 * <p>Next in the flow: {@code exec} builds the packs one by one and trains them on Spark. This
 * package imports no Spark (an architecture test holds it), so plans are unit-tested in plain
 * JUnit. Every type is an immutable value or a stateless function, safe to share between threads.
 */
package io.sweep.driver.plan;
