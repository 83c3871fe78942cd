package org.evoke.distill.train;

import org.evoke.distill.DistillationLoss;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

/**
 * What a run minimises: binary cross-entropy on the hard labels (the teacher, and the student trained from scratch)
 * or the distillation loss against a fixed teacher's logits (the distilled student).
 */
public sealed interface Objective permits Objective.HardLabels, Objective.Distillation {

    /** BCE on logits against the hard labels (docs/design.md, section 4: the teacher's loss, L2 alone). */
    record HardLabels() implements Objective {
        @Override
        public String describe() {
            return "bce";
        }
    }

    /**
     * The EVOKE distillation loss against a teacher's logits. The teacher is fixed during the student's training, so
     * its logits are computed once, in inference mode (dropout off), for every training row, and looked up per batch
     * rather than recomputed every epoch: same result, a fraction of the cost.
     *
     * @param loss          the loss (T, alpha)
     * @param teacherLogits (N, 3) float32, row i the teacher's logits for data row i (rows the run does not train on
     *                      are ignored)
     */
    record Distillation(DistillationLoss loss, INDArray teacherLogits) implements Objective {
        public Distillation {
            if (teacherLogits.rank() != 2 || teacherLogits.dataType() != DataType.FLOAT || !TrainingData.plain(teacherLogits)) {
                throw new IllegalArgumentException("teacherLogits: expected a C-ordered (N, 3) float32 array, got "
                        + teacherLogits.dataType() + " " + Arrays.toString(teacherLogits.shape()));
            }
        }

        @Override
        public String describe() {
            return "distill(T=" + loss.temperature() + ", alpha=" + loss.alpha() + ")";
        }
    }

    /** A short description for reports and checkpoints. */
    String describe();

    static Objective hardLabels() {
        return new HardLabels();
    }

    static Objective distillation(double temperature, double alpha, INDArray teacherLogits) {
        return new Distillation(new DistillationLoss(temperature, alpha), teacherLogits);
    }
}
