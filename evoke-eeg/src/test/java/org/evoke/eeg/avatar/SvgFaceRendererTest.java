package org.evoke.eeg.avatar;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SvgFaceRendererTest {
    private final SvgFaceRenderer renderer = new SvgFaceRenderer();

    @Test
    void everyEmotionRendersWellFormedSvgAndThePicturesDiffer() throws Exception {
        ExpressionLibrary lib = ExpressionLibrary.defaultLibrary();
        Set<String> mouths = new HashSet<>(), faces = new HashSet<>();
        for (Expression e : lib.all().values()) {
            Document d = parse(renderer.render(e));
            Element root = d.getDocumentElement();
            assertEquals("svg", root.getNodeName());
            assertEquals("http://www.w3.org/2000/svg", root.getAttribute("xmlns"));
            assertEquals(e.name(), d.getElementsByTagName("title").item(0).getTextContent());
            assertEquals(2, d.getElementsByTagName("ellipse").getLength(), "two eyes");
            faces.add(renderer.render(e).replace(e.name(), ""));
            mouths.add(mouthPath(d));
        }
        assertEquals(8, faces.size(), "each emotion draws a different face");
        assertTrue(mouths.size() >= 6, "mouth shapes: " + mouths);
    }

    @Test
    void smileLiftsTheMouthCornersAndJawOpenOpensIt() throws Exception {
        String neutral = mouthPath(parse(renderer.render(Expression.neutral())));
        String smile = mouthPath(parse(renderer.render(Expression.fromActionUnits("smile", Map.of(ActionUnit.AU12, 1.0)))));
        String open = mouthPath(parse(renderer.render(Expression.fromActionUnits("open", Map.of(ActionUnit.AU26, 1.0)))));
        double[] n = numbers(neutral), s = numbers(smile), o = numbers(open);
        // d = M x y Q cx cy x y Q cx cy x y Z: index 1 is the left corner's y (SVG y grows downwards)
        assertTrue(s[1] < n[1], "smile corner " + s[1] + " vs neutral " + n[1]);
        assertTrue(o[7] - o[2] > n[7] - n[2] + 20, "jaw open widens the gap between the lip controls");
        assertNotEquals(neutral, smile);
    }

    @Test
    void writesTheFileAtomically(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("happy.svg");
        renderer.write(f, ExpressionLibrary.defaultLibrary().get("happy"));
        parse(Files.readString(f));
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count(), "no temp file left behind");
        }
    }

    private static Document parse(String svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(false);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    private static String mouthPath(Document d) {
        var paths = d.getElementsByTagName("path");
        for (int i = 0; i < paths.getLength(); i++) {
            Element p = (Element) paths.item(i);
            if (p.getAttribute("class").equals("mouth")) {
                return p.getAttribute("d");
            }
        }
        throw new AssertionError("no mouth");
    }

    private static double[] numbers(String d) {
        return java.util.Arrays.stream(d.replaceAll("[MQZ]", " ").trim().split("\\s+")).mapToDouble(Double::parseDouble).toArray();
    }
}
