package org.evoke.tensor.ops;

/**
 * Pointwise activations, each with its derivative written in terms of its output y = f(z), which is what a layer
 * caches for backward.
 *
 * <pre>
 * IDENTITY  f(z) = z                                   f'(z) = 1
 * RELU      f(z) = max(z, 0)                           f'(z) = 1 if y > 0 else 0
 * SELU      f(z) = scale * z                 (z > 0)   f'(z) = scale           (y > 0)
 *                = scale * alpha * (e^z - 1) (z &lt;= 0)        = y + scale*alpha (y &lt;= 0, since scale*alpha*e^z = y + scale*alpha)
 * </pre>
 * SELU's constants are PyTorch's (Klambauer et al. 2017).
 */
public enum Activation {
    IDENTITY, RELU, SELU;

    public static final double SELU_ALPHA = 1.6732632423543772;
    public static final double SELU_SCALE = 1.0507009873554805;

    /** f(z). */
    public double apply(double z) {
        return switch (this) {
            case IDENTITY -> z;
            case RELU -> z > 0 ? z : 0.0;
            case SELU -> z > 0 ? SELU_SCALE * z : SELU_SCALE * SELU_ALPHA * Math.expm1(z);
        };
    }

    /** f'(z), from y = f(z). */
    public double derivativeFromOutput(double y) {
        return switch (this) {
            case IDENTITY -> 1.0;
            case RELU -> y > 0 ? 1.0 : 0.0;
            case SELU -> y > 0 ? SELU_SCALE : y + SELU_SCALE * SELU_ALPHA;
        };
    }
}
