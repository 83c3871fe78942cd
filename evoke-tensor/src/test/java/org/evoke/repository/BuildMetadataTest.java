package org.evoke.repository;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a Maven Central release needs, read from the poms (docs/release.md): a licence, a home, developers and SCM in
 * the parent; a Java module name for every jar module; and an evoke-bom of the reactor's version that lists exactly
 * the published modules (every module except the applications the release profile leaves out).
 */
class BuildMetadataTest {

    @Test
    void theParentCarriesLicenceHomeDevelopersAndScm() throws Exception {
        Path root = Repository.root();
        Element parent = pom(root.resolve("pom.xml"));
        assertEquals("Apache-2.0", text(parent, "licenses/license/name"));
        String home = text(parent, "url");
        assertTrue(home.startsWith("https://"), home);
        assertEquals(home, text(parent, "scm/url"));
        assertNotNull(text(parent, "developers/developer/name"));
        assertNotNull(text(parent, "scm/connection"));
        assertTrue(Files.readString(root.resolve("LICENSE")).contains("Apache License"), "LICENSE is Apache-2.0");
    }

    @Test
    void everyJarModuleNamesItsJavaModuleAndTheBomListsThePublishedOnes() throws Exception {
        Path root = Repository.root();
        Element parent = pom(root.resolve("pom.xml"));
        String version = text(parent, "version");
        Set<String> excluded = new HashSet<>();
        for (Element e : all(parent, "profiles/profile")) {
            if ("release".equals(text(e, "id"))) {
                for (Element plugin : all(e, "build/plugins/plugin")) {
                    if ("central-publishing-maven-plugin".equals(text(plugin, "artifactId"))) {
                        for (Element a : all(plugin, "configuration/excludeArtifacts/artifact")) {
                            excluded.add(a.getTextContent().trim());
                        }
                    }
                }
            }
        }
        assertEquals(Set.of("evoke-cli", "benchmarks", "evoke-examples"), excluded, "the applications are not published");

        Set<String> published = new TreeSet<>();
        Set<String> moduleNames = new HashSet<>();
        for (Element m : all(parent, "modules/module")) {
            String dir = m.getTextContent().trim();
            Element pom = pom(root.resolve(dir).resolve("pom.xml"));
            String artifact = text(pom, "artifactId");
            String packaging = text(pom, "packaging");
            if (packaging == null || packaging.equals("jar")) {
                String name = text(pom, "properties/evoke.module.name");
                assertNotNull(name, artifact + " sets no evoke.module.name (its Automatic-Module-Name)");
                assertTrue(name.matches("org\\.evoke(\\.[a-z][a-z0-9]*)+"), artifact + ": " + name);
                assertTrue(moduleNames.add(name), artifact + ": module name " + name + " used twice");
            }
            if (!excluded.contains(artifact) && !artifact.equals("evoke-bom")) {
                published.add(artifact);
            }
        }

        Element bom = pom(root.resolve("evoke-bom/pom.xml"));
        assertEquals(version, text(bom, "version"), "evoke-bom's version is the reactor's");
        assertEquals(null, text(bom, "parent/artifactId"), "evoke-bom has no parent: it pins nothing but evoke");
        Set<String> listed = new TreeSet<>();
        for (Element d : all(bom, "dependencyManagement/dependencies/dependency")) {
            assertEquals("org.evoke", text(d, "groupId"));
            assertEquals("${project.version}", text(d, "version"));
            listed.add(text(d, "artifactId"));
        }
        assertEquals(published, listed, "evoke-bom lists every published module");
        assertFalse(listed.isEmpty());
        assertEquals(text(parent, "url"), text(bom, "url"));
        assertEquals(text(parent, "licenses/license/name"), text(bom, "licenses/license/name"));
    }

    private static Element pom(Path file) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        DocumentBuilder b = f.newDocumentBuilder();
        Document d = b.parse(file.toFile());
        return d.getDocumentElement();
    }

    /** The text of the first element at a '/'-separated path of child names, or null. */
    private static String text(Element from, String path) {
        List<Element> found = all(from, path);
        return found.isEmpty() ? null : found.get(0).getTextContent().trim();
    }

    private static List<Element> all(Element from, String path) {
        List<Element> current = List.of(from);
        for (String name : path.split("/")) {
            List<Element> next = new ArrayList<>();
            for (Element e : current) {
                NodeList children = e.getChildNodes();
                for (int i = 0; i < children.getLength(); i++) {
                    Node n = children.item(i);
                    if (n instanceof Element && ((Element) n).getTagName().equals(name)) {
                        next.add((Element) n);
                    }
                }
            }
            current = next;
        }
        return current;
    }
}
