package org.evoke.eeg.avatar;

import java.nio.file.Path;
import java.util.Locale;

import static org.evoke.eeg.avatar.Blendshape.*;

/**
 * Draws a simple face as SVG whose brows, eyes, cheeks, nose and mouth follow an expression's blendshape
 * weights, so a person can see what an avatar will show. The picture is 200 x 200 and drawn as in a mirror: the
 * avatar's left side ({@code ...Left} blendshapes) is on the viewer's left.
 * <ul>
 *   <li>brows: {@code browInnerUp} lifts the inner ends, {@code browOuterUp*} the outer ends, {@code browDown*}
 *       lowers them (inner ends most);</li>
 *   <li>eyes: height grows with {@code eyeWide*}, shrinks with {@code eyeSquint*} and {@code eyeBlink*};</li>
 *   <li>cheeks: a blush whose opacity is {@code cheekSquint*}; nose wrinkles with {@code noseSneer*};</li>
 *   <li>mouth: corners up with {@code mouthSmile*}, down with {@code mouthFrown*}, wider with
 *       {@code mouthStretch*}, narrower with {@code mouthPress*}; opening with {@code jawOpen},
 *       {@code mouthLowerDown*} and {@code mouthUpperUp*}.</li>
 * </ul>
 */
public final class SvgFaceRenderer {

    /** The SVG document of one expression. */
    public String render(Expression e) {
        StringBuilder s = new StringBuilder(2048);
        s.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"200\" height=\"220\" viewBox=\"0 0 200 220\">\n");
        s.append("  <title>").append(escape(e.name())).append("</title>\n");
        s.append("  <circle cx=\"100\" cy=\"100\" r=\"80\" fill=\"#f6d7b0\" stroke=\"#8a6a4a\" stroke-width=\"2\"/>\n");
        brow(s, e, true);
        brow(s, e, false);
        eye(s, e, true);
        eye(s, e, false);
        cheek(s, e.weight(CHEEK_SQUINT_LEFT), 62);
        cheek(s, e.weight(CHEEK_SQUINT_RIGHT), 138);
        nose(s, e);
        mouth(s, e);
        s.append("  <text x=\"100\" y=\"210\" font-family=\"sans-serif\" font-size=\"14\" text-anchor=\"middle\">")
                .append(escape(e.name())).append("</text>\n");
        s.append("</svg>\n");
        return s.toString();
    }

    /** Writes the SVG atomically (temp file, then rename). */
    public void write(Path file, Expression e) {
        ExpressionLibrary.writeAtomically(file, render(e));
    }

    private static void brow(StringBuilder s, Expression e, boolean left) {
        double inner = e.weight(BROW_INNER_UP);
        double outer = e.weight(left ? BROW_OUTER_UP_LEFT : BROW_OUTER_UP_RIGHT);
        double down = e.weight(left ? BROW_DOWN_LEFT : BROW_DOWN_RIGHT);
        double yInner = 62 - 12 * inner + 9 * down;
        double yOuter = 62 - 12 * outer + 3 * down;
        double xInner = left ? 86 : 114, xOuter = left ? 52 : 148;
        s.append(String.format(Locale.ROOT, "  <line class=\"brow\" x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" "
                + "stroke=\"#4a3020\" stroke-width=\"5\" stroke-linecap=\"round\"/>%n", xOuter, yOuter, xInner, yInner));
    }

    private static void eye(StringBuilder s, Expression e, boolean left) {
        double wide = e.weight(left ? EYE_WIDE_LEFT : EYE_WIDE_RIGHT);
        double squint = e.weight(left ? EYE_SQUINT_LEFT : EYE_SQUINT_RIGHT);
        double blink = e.weight(left ? EYE_BLINK_LEFT : EYE_BLINK_RIGHT);
        double ry = Math.max(0.5, 6 * (1 + 0.9 * wide - 0.5 * squint - 0.95 * blink));
        double cx = left ? 70 : 130;
        s.append(String.format(Locale.ROOT, "  <ellipse class=\"eye\" cx=\"%.2f\" cy=\"80\" rx=\"10\" ry=\"%.2f\" fill=\"#ffffff\" "
                + "stroke=\"#333333\" stroke-width=\"1.5\"/>%n", cx, ry));
        s.append(String.format(Locale.ROOT, "  <circle class=\"pupil\" cx=\"%.2f\" cy=\"80\" r=\"%.2f\" fill=\"#333333\"/>%n",
                cx, Math.min(3.5, ry)));
    }

    private static void cheek(StringBuilder s, double w, double cx) {
        s.append(String.format(Locale.ROOT, "  <circle class=\"cheek\" cx=\"%.2f\" cy=\"110\" r=\"11\" fill=\"#e8868c\" "
                + "fill-opacity=\"%.3f\"/>%n", cx, 0.6 * w));
    }

    private static void nose(StringBuilder s, Expression e) {
        double sneer = Math.max(e.weight(NOSE_SNEER_LEFT), e.weight(NOSE_SNEER_RIGHT));
        s.append("  <path class=\"nose\" d=\"M100 88 L94 112 L104 112\" fill=\"none\" stroke=\"#8a6a4a\" stroke-width=\"2\"/>\n");
        s.append(String.format(Locale.ROOT, "  <path class=\"wrinkles\" d=\"M90 96 L96 100 M110 96 L104 100\" fill=\"none\" "
                + "stroke=\"#8a6a4a\" stroke-width=\"1.5\" stroke-opacity=\"%.3f\"/>%n", sneer));
    }

    private static void mouth(StringBuilder s, Expression e) {
        double smileL = e.weight(MOUTH_SMILE_LEFT), smileR = e.weight(MOUTH_SMILE_RIGHT);
        double frownL = e.weight(MOUTH_FROWN_LEFT), frownR = e.weight(MOUTH_FROWN_RIGHT);
        double stretch = (e.weight(MOUTH_STRETCH_LEFT) + e.weight(MOUTH_STRETCH_RIGHT)) / 2;
        double press = (e.weight(MOUTH_PRESS_LEFT) + e.weight(MOUTH_PRESS_RIGHT)) / 2;
        double lower = (e.weight(MOUTH_LOWER_DOWN_LEFT) + e.weight(MOUTH_LOWER_DOWN_RIGHT)) / 2;
        double upper = (e.weight(MOUTH_UPPER_UP_LEFT) + e.weight(MOUTH_UPPER_UP_RIGHT)) / 2;
        double half = 24 + 10 * stretch - 8 * press;
        double yl = 142 - 12 * smileL + 10 * frownL, yr = 142 - 12 * smileR + 10 * frownR;
        double upperCtrl = 140 - 5 * upper + 4 * (frownL + frownR) / 2 - 2 * (smileL + smileR) / 2;
        double open = 34 * e.weight(JAW_OPEN) + 10 * lower + 4 * upper;
        double lowerCtrl = upperCtrl + 2 + open + 8 * (smileL + smileR) / 2;
        s.append(String.format(Locale.ROOT, "  <path class=\"mouth\" d=\"M%.2f %.2f Q100 %.2f %.2f %.2f Q100 %.2f %.2f %.2f Z\" "
                        + "fill=\"#8b2a2a\" stroke=\"#5a1a1a\" stroke-width=\"2\" stroke-linejoin=\"round\"/>%n",
                100 - half, yl, upperCtrl, 100 + half, yr, lowerCtrl, 100 - half, yl));
    }

    private static String escape(String t) {
        return t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
