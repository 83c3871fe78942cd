package org.evoke.bench;

import org.evoke.nn.Model;
import org.evoke.nn.loss.BCEWithLogits;
import org.evoke.nn.optim.Adam;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Our library: {@code Model.forward} for inference; forward, BCE, backward and Adam (lr 1e-3) for training. */
public final class EvokeEngine implements Engine {
    private final Model model;
    private final INDArray x;       // (N, 4, 9, 9)
    private final INDArray labels;  // (N, 3)
    private final BCEWithLogits loss = new BCEWithLogits();
    private final Adam adam;

    public EvokeEngine(Model model, INDArray x, INDArray labels) {
        this.model = model;
        this.x = x;
        this.labels = labels;
        this.adam = new Adam(model.parameters(), 1e-3);
    }

    @Override
    public String name() {
        return "evoke";
    }

    @Override
    public Object infer() {
        return model.forward(x);
    }

    @Override
    public double train() {
        model.zeroGrad();
        double l = loss.forward(model.forward(x, true), labels);
        model.backward(loss.gradient(), false); // parameters only, as a training loop needs
        adam.step();
        return l;
    }

    @Override
    public INDArray logits() {
        return model.predict(x);
    }
}
