package io.sweep.driver.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/** GPU placement of a task, without Spark and without a GPU (this build has ND4J's CPU backend). */
class TaskDeviceTest {

  @Test
  void outsideASparkTaskNoGpuIsAssigned() {
    assertEquals(List.of(), TaskDevice.assignedGpus());
  }

  @Test
  void theCpuBuildHasNoCudaBackend() {
    assertFalse(TaskDevice.cudaBackend());
  }

  @Test
  void withoutAGpuTheRunIsWhereTheWorkerSaysAndNothingIsAssigned() {
    TaskDevice.Placement p = TaskDevice.place(List.of());
    assertNull(p.gpuAssigned());
    assertNull(p.cudaDevice());
    assertEquals("cpu", p.device("cpu"));
  }

  @Test
  void anAssignedGpuOnTheCpuBackendIsRecordedBesideDeviceCpu() {
    TaskDevice.Placement p = TaskDevice.place(List.of("1"));
    assertEquals("1", p.gpuAssigned());
    assertNull(p.cudaDevice());
    assertEquals("cpu", p.device("cpu"));
    assertEquals("0,1", TaskDevice.place(List.of("0", "1")).gpuAssigned());
  }

  @Test
  void onTheCudaBackendTheDeviceIsTheOrdinalNd4jUses() {
    assertEquals("gpu:3", new TaskDevice.Placement("3", 3).device("cpu"));
  }

  @Test
  void anAddressIsItsOwnCudaOrdinalWhenEveryDeviceIsVisible() {
    assertEquals(1, TaskDevice.cudaOrdinal("1", null, 2));
    assertEquals(0, TaskDevice.cudaOrdinal(" 0 ", "", 1));
    assertNull(TaskDevice.cudaOrdinal("2", null, 2), "no such device");
    assertNull(TaskDevice.cudaOrdinal("GPU-8f3c", null, 2), "not an index");
  }

  @Test
  void cudaVisibleDevicesRenumbersFromZero() {
    assertEquals(1, TaskDevice.cudaOrdinal("5", "3,5", 2));
    assertEquals(0, TaskDevice.cudaOrdinal("3", "3, 5", 2));
    assertNull(TaskDevice.cudaOrdinal("4", "3,5", 2), "not visible to this process");
  }
}
