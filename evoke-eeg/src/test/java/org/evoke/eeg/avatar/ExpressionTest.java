package org.evoke.eeg.avatar;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ExpressionTest {
    @Test
    void weightsAreSummedContributionsCappedAtOne() {
        Expression e = Expression.fromActionUnits("x", Map.of(ActionUnit.AU6, 0.5, ActionUnit.AU7, 0.9));
        // eyeSquint: AU6 0.5 * 0.3 + AU7 0.9 * 1.0 = 1.05 -> capped at 1
        assertEquals(1.0, e.weight(Blendshape.EYE_SQUINT_LEFT), 1e-15);
        assertEquals(0.5, e.weight(Blendshape.CHEEK_SQUINT_RIGHT), 1e-15);
        assertEquals(0.0, e.weight(Blendshape.JAW_OPEN));
        assertEquals(52, e.blendshapeMap().size());
        assertEquals(0.5, e.blendshapeMap().get("cheekSquintLeft"));
    }

    @Test
    void weightsCannotBeChangedFromOutside() {
        Expression e = Expression.fromActionUnits("x", Map.of(ActionUnit.AU26, 1.0));
        e.weights()[Blendshape.JAW_OPEN.ordinal()] = 0;
        assertEquals(1.0, e.weight(Blendshape.JAW_OPEN));
        assertEquals(1.0, e.distance(Expression.neutral()), 1e-15);
    }

    @Test
    void rejectsOutOfRangeIntensitiesAndWeights() {
        assertThrows(IllegalArgumentException.class, () -> Expression.fromActionUnits("x", Map.of(ActionUnit.AU1, 1.5)));
        assertThrows(IllegalArgumentException.class, () -> new Expression("x", Map.of(), new double[51]));
        double[] w = new double[52];
        w[3] = -0.1;
        assertThrows(IllegalArgumentException.class, () -> new Expression("x", Map.of(), w));
    }
}
