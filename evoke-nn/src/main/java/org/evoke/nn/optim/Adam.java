package org.evoke.nn.optim;

import org.evoke.nn.Parameter;
import org.evoke.tensor.Buffers;
import org.evoke.tensor.ops.Updates;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam (Kingma and Ba 2015) with PyTorch's exact semantics: betas (0.9, 0.999), eps 1e-8 added after the square
 * root of the bias-corrected second moment, no weight decay, no amsgrad. The update, per element, at step t:
 * <pre>
 * m = beta1 m + (1 - beta1) g;   v = beta2 v + (1 - beta2) g^2
 * p = p - lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * </pre>
 * Moments are allocated once, on the first step.
 */
public final class Adam implements Optimizer {
    private final List<Parameter> params;
    private final double lr, beta1, beta2, eps;
    private final INDArray[] m, v;  // per parameter, its shape
    private long t;

    public Adam(List<Parameter> params, double lr) {
        this(params, lr, 0.9, 0.999, 1e-8);
    }

    public Adam(List<Parameter> params, double lr, double beta1, double beta2, double eps) {
        if (!(lr > 0) || !(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(eps >= 0)) {
            throw new IllegalArgumentException("Adam: need lr > 0, betas in [0, 1), eps >= 0; got lr " + lr + ", betas ("
                    + beta1 + ", " + beta2 + "), eps " + eps);
        }
        this.params = List.copyOf(params);
        this.lr = lr;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.m = new INDArray[params.size()];
        this.v = new INDArray[params.size()];
    }

    @Override
    public void step() {
        t++;
        for (int i = 0; i < params.size(); i++) {
            Parameter p = params.get(i);
            ensureState(i, p);
            Updates.adam(p.value(), p.grad(), m[i], v[i], t, lr, beta1, beta2, eps);
            p.markChanged();
        }
    }

    private void ensureState(int i, Parameter p) {
        INDArray mi = Buffers.ensure(m[i], p.value().dataType(), p.value().shape());
        if (mi != m[i]) {
            m[i] = mi;
            v[i] = Buffers.ensure(null, p.value().dataType(), p.value().shape());
        }
    }

    @Override
    public List<Parameter> parameters() {
        return params;
    }

    /** Steps taken so far (PyTorch's state['step']). */
    public long steps() {
        return t;
    }

    public double learningRate() {
        return lr;
    }

    /** The moments by name ({@code m.conv1.weight}, {@code v.conv1.weight}, ...), for checkpoints. */
    public Map<String, INDArray> state() {
        Map<String, INDArray> s = new LinkedHashMap<>();
        for (int i = 0; i < params.size(); i++) {
            ensureState(i, params.get(i));
            s.put("m." + params.get(i).name(), m[i]);
            s.put("v." + params.get(i).name(), v[i]);
        }
        return s;
    }

    /** Restores the moments and the step count written by {@link #state()} and {@link #steps()}. */
    public void loadState(Map<String, INDArray> state, long steps) {
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < params.size(); i++) {
            Parameter p = params.get(i);
            ensureState(i, p);
            INDArray ms = state.get("m." + p.name()), vs = state.get("v." + p.name());
            if (ms == null || vs == null) {
                missing.add(p.name());
                continue;
            }
            m[i].assign(ms.reshape(p.value().shape()));
            v[i].assign(vs.reshape(p.value().shape()));
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("Adam state lacks the moments of " + missing);
        }
        t = steps;
    }
}
