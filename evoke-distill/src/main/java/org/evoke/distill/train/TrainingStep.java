package org.evoke.distill.train;

import org.evoke.distill.DistillationLoss;
import org.evoke.nn.Model;
import org.evoke.nn.loss.BCEWithLogits;
import org.evoke.nn.optim.Adam;
import org.evoke.tensor.Buffers;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One optimisation step on one batch, in PyTorch's order: zero the gradients, forward in training mode, loss and
 * dL/dlogits, backward, Adam step.
 * <pre>
 * x (B, 4, 9, 9) -> v = model(x) (B, 3) -> L(v, y[, z]) -> dL/dv (B, 3) -> backward -> Adam
 * </pre>
 * With a {@link DistillationLoss} the loss is the EVOKE distillation loss against the teacher logits z (B, 3);
 * without one it is BCE on the hard labels y. The gradient buffer is reused between calls of the same batch size.
 */
public final class TrainingStep {
    private final Model model;
    private final Adam adam;
    private final DistillationLoss distill; // null: BCE on hard labels
    private final BCEWithLogits bce = new BCEWithLogits();
    private INDArray grad;   // (B, 3) dL/dv for the distillation loss
    private INDArray logits; // (B, 3) the model's own buffer from the last forward

    /**
     * @param model   trained in place
     * @param adam    the optimiser over {@code model.parameters()}
     * @param distill the distillation loss, or null for BCE on the hard labels
     */
    public TrainingStep(Model model, Adam adam, DistillationLoss distill) {
        this.model = model;
        this.adam = adam;
        this.distill = distill;
    }

    /**
     * Runs one step and returns the batch's loss (before the update).
     *
     * @param x             (B, 4, 9, 9)
     * @param labels        (B, 3) hard labels
     * @param teacherLogits (B, 3), required with a distillation loss, ignored otherwise
     */
    public double step(INDArray x, INDArray labels, INDArray teacherLogits) {
        adam.zeroGrad();
        INDArray v = model.forward(x, true); // (B, 3)
        double loss;
        INDArray dv;
        if (distill == null) {
            loss = bce.forward(v, labels);
            dv = bce.gradient();
        } else {
            if (teacherLogits == null) {
                throw new IllegalArgumentException("a distillation step needs the teacher's logits for the batch");
            }
            grad = Buffers.ensure(grad, v.dataType(), v.shape());
            loss = distill.compute(v, teacherLogits, labels, grad).loss();
            dv = grad;
        }
        model.backward(dv, false); // parameters only: nothing needs dL/dx
        adam.step();
        logits = v;
        return loss;
    }

    /** The logits of the last step's forward (before its update): the model's buffer, valid until its next call. */
    public INDArray lastLogits() {
        if (logits == null) {
            throw new IllegalStateException("lastLogits() before the first step");
        }
        return logits;
    }

    public Model model() {
        return model;
    }

    public Adam optimizer() {
        return adam;
    }
}
