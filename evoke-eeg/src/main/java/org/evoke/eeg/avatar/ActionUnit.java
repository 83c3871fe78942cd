package org.evoke.eeg.avatar;

import java.util.EnumMap;
import java.util.Map;

/**
 * FACS action units (Ekman and Friesen) used by the expression presets, each with the ARKit blendshapes that
 * realise it at full intensity. The mapping is the usual one in face-tracking retargeting (AU12 lip corner puller
 * = mouthSmileLeft/Right, AU26 jaw drop = jawOpen, ...).
 */
public enum ActionUnit {
    AU1(1, "inner brow raiser", Map.of(Blendshape.BROW_INNER_UP, 1.0)),
    AU2(2, "outer brow raiser", Map.of(Blendshape.BROW_OUTER_UP_LEFT, 1.0, Blendshape.BROW_OUTER_UP_RIGHT, 1.0)),
    AU4(4, "brow lowerer", Map.of(Blendshape.BROW_DOWN_LEFT, 1.0, Blendshape.BROW_DOWN_RIGHT, 1.0)),
    AU5(5, "upper lid raiser", Map.of(Blendshape.EYE_WIDE_LEFT, 1.0, Blendshape.EYE_WIDE_RIGHT, 1.0)),
    AU6(6, "cheek raiser", Map.of(Blendshape.CHEEK_SQUINT_LEFT, 1.0, Blendshape.CHEEK_SQUINT_RIGHT, 1.0,
            Blendshape.EYE_SQUINT_LEFT, 0.3, Blendshape.EYE_SQUINT_RIGHT, 0.3)),
    AU7(7, "lid tightener", Map.of(Blendshape.EYE_SQUINT_LEFT, 1.0, Blendshape.EYE_SQUINT_RIGHT, 1.0)),
    AU9(9, "nose wrinkler", Map.of(Blendshape.NOSE_SNEER_LEFT, 1.0, Blendshape.NOSE_SNEER_RIGHT, 1.0)),
    AU10(10, "upper lip raiser", Map.of(Blendshape.MOUTH_UPPER_UP_LEFT, 1.0, Blendshape.MOUTH_UPPER_UP_RIGHT, 1.0)),
    AU12(12, "lip corner puller", Map.of(Blendshape.MOUTH_SMILE_LEFT, 1.0, Blendshape.MOUTH_SMILE_RIGHT, 1.0)),
    AU15(15, "lip corner depressor", Map.of(Blendshape.MOUTH_FROWN_LEFT, 1.0, Blendshape.MOUTH_FROWN_RIGHT, 1.0)),
    AU16(16, "lower lip depressor", Map.of(Blendshape.MOUTH_LOWER_DOWN_LEFT, 1.0, Blendshape.MOUTH_LOWER_DOWN_RIGHT, 1.0)),
    AU17(17, "chin raiser", Map.of(Blendshape.MOUTH_SHRUG_LOWER, 1.0)),
    AU20(20, "lip stretcher", Map.of(Blendshape.MOUTH_STRETCH_LEFT, 1.0, Blendshape.MOUTH_STRETCH_RIGHT, 1.0)),
    AU23(23, "lip tightener", Map.of(Blendshape.MOUTH_PRESS_LEFT, 1.0, Blendshape.MOUTH_PRESS_RIGHT, 1.0)),
    AU25(25, "lips part", Map.of(Blendshape.MOUTH_LOWER_DOWN_LEFT, 0.4, Blendshape.MOUTH_LOWER_DOWN_RIGHT, 0.4,
            Blendshape.MOUTH_UPPER_UP_LEFT, 0.2, Blendshape.MOUTH_UPPER_UP_RIGHT, 0.2)),
    AU26(26, "jaw drop", Map.of(Blendshape.JAW_OPEN, 1.0));

    private final int number;
    private final String facsName;
    private final Map<Blendshape, Double> blendshapes;

    ActionUnit(int number, String facsName, Map<Blendshape, Double> blendshapes) {
        this.number = number;
        this.facsName = facsName;
        this.blendshapes = new EnumMap<>(blendshapes);
    }

    /** The FACS number, 12 for AU12. */
    public int number() {
        return number;
    }

    /** The FACS name, for example "lip corner puller". */
    public String facsName() {
        return facsName;
    }

    /** The blendshape weights at full intensity. */
    public Map<Blendshape, Double> blendshapes() {
        return java.util.Collections.unmodifiableMap(blendshapes);
    }

    /** The action unit named {@code AU12} (or {@code 12}). */
    public static ActionUnit parse(String s) {
        String t = s.trim().toUpperCase(java.util.Locale.ROOT);
        if (!t.startsWith("AU")) {
            t = "AU" + t;
        }
        for (ActionUnit a : values()) {
            if (a.name().equals(t)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown or unsupported FACS action unit '" + s + "'; supported: "
                + java.util.Arrays.toString(values()));
    }
}
