package io.sweep.worker.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.sweep.worker.spec.DataSpec;
import io.sweep.worker.spec.Teacher;
import org.junit.jupiter.api.Test;

class DataModelTest {

  @Test
  void teacherStudentIsTheDataModelOfTodaysSpecsAndGivesItsExactData() {
    DataSpec spec = new DataSpec(4, Teacher.LINEAR, 0.1, 32, 16, 4);
    assertSame(DataModel.TEACHER_STUDENT, DataModel.of(spec));
    DataSet viaModel = DataModel.dataSet(spec, 7);
    TeacherStudent direct = TeacherStudent.generate(spec, 7);
    assertArrayEquals(direct.train().x(), viaModel.train().x(), 0.0);
    assertArrayEquals(direct.train().y(), viaModel.train().y(), 0.0);
    assertArrayEquals(direct.test().y(), viaModel.test().y(), 0.0);
  }
}
