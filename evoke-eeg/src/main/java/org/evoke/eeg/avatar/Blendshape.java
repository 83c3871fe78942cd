package org.evoke.eeg.avatar;

/**
 * The 52 ARKit face blendshapes (Apple's {@code ARFaceAnchor.BlendShapeLocation}), the names Unity, Unreal,
 * three.js and Ready Player Me avatars use, in Apple's documented order. Weights are in [0, 1].
 */
public enum Blendshape {
    EYE_BLINK_LEFT("eyeBlinkLeft"), EYE_LOOK_DOWN_LEFT("eyeLookDownLeft"), EYE_LOOK_IN_LEFT("eyeLookInLeft"),
    EYE_LOOK_OUT_LEFT("eyeLookOutLeft"), EYE_LOOK_UP_LEFT("eyeLookUpLeft"), EYE_SQUINT_LEFT("eyeSquintLeft"),
    EYE_WIDE_LEFT("eyeWideLeft"), EYE_BLINK_RIGHT("eyeBlinkRight"), EYE_LOOK_DOWN_RIGHT("eyeLookDownRight"),
    EYE_LOOK_IN_RIGHT("eyeLookInRight"), EYE_LOOK_OUT_RIGHT("eyeLookOutRight"), EYE_LOOK_UP_RIGHT("eyeLookUpRight"),
    EYE_SQUINT_RIGHT("eyeSquintRight"), EYE_WIDE_RIGHT("eyeWideRight"),
    JAW_FORWARD("jawForward"), JAW_LEFT("jawLeft"), JAW_RIGHT("jawRight"), JAW_OPEN("jawOpen"),
    MOUTH_CLOSE("mouthClose"), MOUTH_FUNNEL("mouthFunnel"), MOUTH_PUCKER("mouthPucker"), MOUTH_LEFT("mouthLeft"),
    MOUTH_RIGHT("mouthRight"), MOUTH_SMILE_LEFT("mouthSmileLeft"), MOUTH_SMILE_RIGHT("mouthSmileRight"),
    MOUTH_FROWN_LEFT("mouthFrownLeft"), MOUTH_FROWN_RIGHT("mouthFrownRight"), MOUTH_DIMPLE_LEFT("mouthDimpleLeft"),
    MOUTH_DIMPLE_RIGHT("mouthDimpleRight"), MOUTH_STRETCH_LEFT("mouthStretchLeft"), MOUTH_STRETCH_RIGHT("mouthStretchRight"),
    MOUTH_ROLL_LOWER("mouthRollLower"), MOUTH_ROLL_UPPER("mouthRollUpper"), MOUTH_SHRUG_LOWER("mouthShrugLower"),
    MOUTH_SHRUG_UPPER("mouthShrugUpper"), MOUTH_PRESS_LEFT("mouthPressLeft"), MOUTH_PRESS_RIGHT("mouthPressRight"),
    MOUTH_LOWER_DOWN_LEFT("mouthLowerDownLeft"), MOUTH_LOWER_DOWN_RIGHT("mouthLowerDownRight"),
    MOUTH_UPPER_UP_LEFT("mouthUpperUpLeft"), MOUTH_UPPER_UP_RIGHT("mouthUpperUpRight"),
    BROW_DOWN_LEFT("browDownLeft"), BROW_DOWN_RIGHT("browDownRight"), BROW_INNER_UP("browInnerUp"),
    BROW_OUTER_UP_LEFT("browOuterUpLeft"), BROW_OUTER_UP_RIGHT("browOuterUpRight"),
    CHEEK_PUFF("cheekPuff"), CHEEK_SQUINT_LEFT("cheekSquintLeft"), CHEEK_SQUINT_RIGHT("cheekSquintRight"),
    NOSE_SNEER_LEFT("noseSneerLeft"), NOSE_SNEER_RIGHT("noseSneerRight"), TONGUE_OUT("tongueOut");

    private final String arkitName;

    Blendshape(String arkitName) {
        this.arkitName = arkitName;
    }

    /** The exact ARKit name, for example {@code mouthSmileLeft}. */
    public String arkitName() {
        return arkitName;
    }

    /** The blendshape of an exact ARKit name. */
    public static Blendshape byArkitName(String name) {
        for (Blendshape b : values()) {
            if (b.arkitName.equals(name)) {
                return b;
            }
        }
        throw new IllegalArgumentException("unknown ARKit blendshape '" + name + "' (names are case-sensitive, e.g. jawOpen)");
    }
}
