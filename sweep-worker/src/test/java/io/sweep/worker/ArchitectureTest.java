package io.sweep.worker;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackages;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.type;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The worker's package structure (docs/architecture.md), checked on the compiled classes (so fully
 * qualified references count too): the specs are a leaf, and no two packages depend on each other
 * in a circle, so each package can be understood, tested and replaced from the bottom up.
 */
class ArchitectureTest {

  private static JavaClasses worker;

  @BeforeAll
  static void importClasses() {
    worker = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.sweep.worker");
  }

  @Test
  void theSpecsImportNothingElseOfSweep() {
    noClasses().that().resideInAPackage("io.sweep.worker.spec")
        .should().dependOnClassesThat(
            resideInAPackage("io.sweep..").and(not(resideInAPackage("io.sweep.worker.spec"))))
        .orShould().dependOnClassesThat(
            resideOutsideOfPackages("io.sweep.worker.spec", "java..").and(not(type(Object[].class))))
        .because("the specs cross every boundary (driver config, Spark tasks, trainers) and must "
            + "pull nothing along")
        .allowEmptyShould(false)
        .check(worker);
  }

  @Test
  void theWorkerPackagesHaveNoCycle() {
    slices().matching("io.sweep.worker.(*)..").should().beFreeOfCycles().check(worker);
  }

  /**
   * The backend-neutral pack path runs on ND4J's CUDA backend, where the CPU backend's classes are
   * absent (-Pcuda ships no nd4j-native): it must not reach them, nor the native-CPU path's own
   * classes that call them, nor OpenBLAS. Checked on the compiled classes of every class the
   * neutral path and the trainer's shared code consist of.
   */
  @Test
  void theNeutralPackPathNeverReachesTheNativeCpuClasses() {
    noClasses().that().haveNameMatching(
            "io\\.sweep\\.worker\\.pack\\.(Nd4jPackTensors|ReplicaTensors|PackBackend)(\\$.*)?")
        .should().dependOnClassesThat().haveNameMatching(
            "io\\.sweep\\.worker\\.pack\\.(PackTensors|Kernel|Blas|NativeBuffer|NativeArena)(\\$.*)?")
        .orShould().dependOnClassesThat().resideInAnyPackage(
            "org.nd4j.linalg.cpu..", "org.bytedeco.openblas..", "org.nd4j.nativeblas..")
        .allowEmptyShould(false)
        .check(worker);
  }

  @Test
  void theWorkerNeverTouchesSparkOrHadoop() {
    noClasses().should().dependOnClassesThat()
        .resideInAnyPackage("org.apache.spark..", "org.apache.hadoop..", "scala..")
        .check(worker);
  }
}
