package org.evoke.distill;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;

import static org.evoke.distill.TemperatureSigmoid.bceWithLogits;
import static org.evoke.distill.TemperatureSigmoid.sigmoid;

/**
 * The EVOKE distillation loss for multi-label (sigmoid) outputs, exactly as docs/design.md, section 4 defines it, with
 * its gradient with respect to the student's logits. Every line is derived in {@code docs/distillation.md}.
 *
 * <p>Legend: N samples in the batch, C labels (3: valence, arousal, dominance), v student logits (N, C),
 * z teacher logits (N, C), Y hard labels (N, C) in {0, 1}, T temperature, alpha the weight of the soft loss.
 * <pre>
 *   q  = sigmoid(z / T)                                  soft targets of the teacher
 *   p  = sigmoid(v / T)                                  the student's softened predictions
 *   L1 = T^2 (1/N) sum_i sum_j BCE(q_ij, p_ij)           soft loss, T^2 included
 *   L2 =     (1/N) sum_i sum_j BCE(Y_ij, sigmoid(v_ij))  hard loss, at T = 1
 *   L  = alpha L1 + (1 - alpha) L2
 *   dL/dv_ij = (1/N) [alpha T (p_ij - q_ij) + (1 - alpha) (sigmoid(v_ij) - Y_ij)]
 * </pre>
 *
 * <p><b>The hard loss is taken at T = 1.</b> The paper's formula for L2 reuses the softened p = sigmoid(v / T), but
 * its text says L2 aligns the student with the true labels, and the student is used at T = 1 at inference; so, as
 * in Hinton et al. (2015), L2 = BCE(Y, sigmoid(v)). <b>Reductions:</b> sum over the C labels, mean over the N
 * samples (the paper's); PyTorch's {@code BCEWithLogitsLoss(reduction='mean')} would divide by N C instead, which
 * is this loss divided by C. Every BCE is computed from the logit in the stable form of
 * {@link TemperatureSigmoid#bceWithLogits}, never as the log of a sigmoid.
 *
 * <p>Inputs may be FLOAT or DOUBLE (each is read as double and the sums are kept in double); the gradient has the
 * student logits' data type. An instance holds no per-batch state and is safe to share between threads; the
 * {@link #compute(INDArray, INDArray, INDArray, INDArray)} overload writes the gradient into a caller-supplied
 * array, so a training loop allocates no array per call.
 */
public final class DistillationLoss {
    private final double temperature; // T > 0
    private final double alpha; // weight of the soft loss, in [0, 1]

    /**
     * @param temperature T &gt; 0, finite (the paper's best: 1.25)
     * @param alpha       weight of the soft loss L1, in [0, 1] (the paper's best: 0.25); 0 is plain BCE on the
     *                    hard labels (the teacher's loss), 1 is pure distillation
     */
    public DistillationLoss(double temperature, double alpha) {
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature = " + temperature + ": expected a finite T > 0");
        }
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException("alpha = " + alpha + ": expected a weight in [0, 1]");
        }
        this.temperature = temperature;
        this.alpha = alpha;
    }

    /**
     * The loss of one batch.
     *
     * @param loss     L = alpha L1 + (1 - alpha) L2
     * @param soft     L1, the soft loss, T^2 included
     * @param hard     L2, the hard loss at T = 1
     * @param gradient dL/dv, (N, C), in the student logits' data type
     */
    public record Result(double loss, double soft, double hard, INDArray gradient) {
    }

    /**
     * The loss and its gradient, in a new (N, C) array.
     *
     * @param studentLogits v, (N, C)
     * @param teacherLogits z, (N, C)
     * @param labels        Y, (N, C), hard labels in {0, 1} (values in [0, 1] are accepted as soft labels)
     */
    public Result compute(INDArray studentLogits, INDArray teacherLogits, INDArray labels) {
        checkShapes(studentLogits, teacherLogits, labels);
        return compute(studentLogits, teacherLogits, labels, Nd4j.create(studentLogits.dataType(), studentLogits.shape()));
    }

    /**
     * The loss, with the gradient written into {@code gradOut} (overwritten, not accumulated), which is returned
     * as {@link Result#gradient()}. {@code gradOut} must be (N, C), of the student logits' data type, C-ordered
     * and not a view. Nothing of size N C is allocated unless an input is a view (which is copied once).
     */
    public Result compute(INDArray studentLogits, INDArray teacherLogits, INDArray labels, INDArray gradOut) {
        checkShapes(studentLogits, teacherLogits, labels);
        if (!Arrays.equals(gradOut.shape(), studentLogits.shape()) || gradOut.dataType() != studentLogits.dataType()) {
            throw new IllegalArgumentException("gradOut: expected " + studentLogits.dataType() + " "
                    + Arrays.toString(studentLogits.shape()) + " like studentLogits, got " + gradOut.dataType() + " "
                    + Arrays.toString(gradOut.shape()));
        }
        FlatArray v = FlatArray.read(studentLogits, "studentLogits"); // (N, C) row-major
        FlatArray z = FlatArray.read(teacherLogits, "teacherLogits"); // (N, C)
        FlatArray y = FlatArray.read(labels, "labels"); // (N, C)
        FlatArray grad = FlatArray.write(gradOut, "gradOut"); // (N, C)
        int cols = (int) studentLogits.size(1);
        checkValues(v, z, y, cols);

        double n = studentLogits.size(0);
        double t = temperature;
        double softSum = 0; // sum_i sum_j BCE(q_ij, p_ij)
        double hardSum = 0; // sum_i sum_j BCE(Y_ij, sigmoid(v_ij))
        for (int k = 0; k < v.length(); k++) { // k = i * C + j
            double q = sigmoid(z.get(k) / t); // soft target of the teacher
            double p = sigmoid(v.get(k) / t); // softened prediction of the student
            softSum += bceWithLogits(v.get(k) / t, q); // BCE(q, p) from the logit u = v / T
            hardSum += bceWithLogits(v.get(k), y.get(k)); // BCE(Y, sigmoid(v)), at T = 1
            double dSoft = t * (p - q); // d/dv [T^2 BCE(q, sigmoid(v / T))]
            double dHard = sigmoid(v.get(k)) - y.get(k); // d/dv BCE(Y, sigmoid(v))
            grad.set(k, (alpha * dSoft + (1 - alpha) * dHard) / n); // dL/dv_ij
        }
        double soft = t * t * softSum / n; // L1 = T^2 (1/N) sum BCE(q, p)
        double hard = hardSum / n; // L2 = (1/N) sum BCE(Y, sigmoid(v))
        double loss = alpha * soft + (1 - alpha) * hard; // L = alpha L1 + (1 - alpha) L2
        grad.flush(); // the portable path writes the gradient back here
        return new Result(loss, soft, hard, gradOut);
    }

    public double temperature() {
        return temperature;
    }

    public double alpha() {
        return alpha;
    }

    @Override
    public String toString() {
        return "DistillationLoss(T=" + temperature + ", alpha=" + alpha + ")";
    }

    private static void checkShapes(INDArray v, INDArray z, INDArray y) {
        if (v.rank() != 2 || v.size(0) == 0 || v.size(1) == 0) {
            throw new IllegalArgumentException("studentLogits: expected shape (N, C) with N, C >= 1, got "
                    + Arrays.toString(v.shape()));
        }
        if (!Arrays.equals(z.shape(), v.shape())) {
            throw new IllegalArgumentException("teacherLogits: expected shape " + Arrays.toString(v.shape())
                    + " like studentLogits (N, C), got " + Arrays.toString(z.shape()));
        }
        if (!Arrays.equals(y.shape(), v.shape())) {
            throw new IllegalArgumentException("labels: expected shape " + Arrays.toString(v.shape())
                    + " like studentLogits (N, C), got " + Arrays.toString(y.shape()));
        }
    }

    private static void checkValues(FlatArray v, FlatArray z, FlatArray y, int cols) {
        for (int k = 0; k < v.length(); k++) {
            if (!Double.isFinite(v.get(k))) {
                throw new IllegalArgumentException(element("studentLogits", k, cols) + " = " + v.get(k)
                        + ": expected finite logits");
            }
            if (!Double.isFinite(z.get(k))) {
                throw new IllegalArgumentException(element("teacherLogits", k, cols) + " = " + z.get(k)
                        + ": expected finite logits");
            }
            if (!(y.get(k) >= 0 && y.get(k) <= 1)) {
                throw new IllegalArgumentException(element("labels", k, cols) + " = " + y.get(k)
                        + ": expected labels in {0, 1} (or soft labels in [0, 1])");
            }
        }
    }

    private static String element(String what, int k, int cols) {
        return what + "[" + (k / cols) + ", " + (k % cols) + "]";
    }
}
