package io.sweep.worker.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sweep.worker.data.Samples;
import io.sweep.worker.data.TeacherStudent;
import io.sweep.worker.net.NetworkParameters;
import io.sweep.worker.run.TestSpecs;
import io.sweep.worker.spec.Activation;
import io.sweep.worker.spec.ModelSpec;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class NetworkParametersTest {

  @ParameterizedTest
  @EnumSource(Activation.class)
  void parametersReadBackFromDl4jAreTheDrawnOnesAndComputeTheSameOutputs(Activation activation) {
    ModelSpec model = new ModelSpec(5, activation, 1.0, true);
    int d = 3;
    InitialParameters init = InitialParameters.draw(model, d, 11);
    MultiLayerNetwork net = NetworkFactory.build(model, d, 0.1, init);
    NetworkParameters p = NetworkFactory.parameters(net, model, d);

    assertEquals(5 * 3 + 5 + 5 + 1, p.count());
    double[] w = init.firstLayer();
    for (int i = 0; i < w.length; i++) {
      assertEquals(w[i], p.w()[i], 1e-6 * Math.abs(w[i]) + 1e-7, "w[" + i + "]");
    }
    assertArrayEquals(new double[5], p.b(), 0.0);
    assertEquals(0.0, p.c(), 0.0);

    Samples s = TeacherStudent.generate(TestSpecs.data(d, 10, 10), 3).train();
    double[] dl4j = net.output(Trainer.features(s)).toDoubleVector();
    for (int i = 0; i < s.n(); i++) {
      assertEquals(dl4j[i], p.output(s.x(), i * d), 1e-5, "output " + i);
    }
  }
}
