package dev.statestore.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * store-bom against the reactor it describes: the same version, no parent, and every module that the
 * build deploys listed with {@code ${project.version}}, nothing that is not deployed.
 */
class BomTest {

    private static final String GROUP = "dev.statestore";

    private static Path root;
    private static Element parent;
    private static Element bom;

    @BeforeAll
    static void readPoms() throws IOException {
        root = Path.of(System.getProperty("statestore.root", "..")).toAbsolutePath().normalize();
        parent = pom(root.resolve("pom.xml"));
        bom = pom(root.resolve("store-bom/pom.xml"));
    }

    @Test
    void bomHasTheReactorsVersionAndNoParent() {
        assertEquals(text(parent, "version"), text(bom, "version"));
        assertEquals(GROUP, text(bom, "groupId"));
        assertEquals("pom", text(bom, "packaging"));
        assertTrue(children(bom, "parent").isEmpty(),
                "store-bom must have no parent: an imported BOM brings its parent's dependencyManagement along");
    }

    @Test
    void bomEntriesAreStatestoreModulesAtTheProjectVersionWithoutScope() {
        for (Element dependency : bomDependencies()) {
            String name = text(dependency, "artifactId");
            assertEquals(GROUP, text(dependency, "groupId"), name);
            assertEquals("${project.version}", text(dependency, "version"), name);
            assertTrue(children(dependency, "scope").isEmpty(), name + " has a scope in the BOM");
        }
    }

    @Test
    void everyDeployedModuleIsInTheBomAndNothingElseOfTheReactor() throws IOException {
        Set<String> listed = new LinkedHashSet<>();
        bomDependencies().forEach(d -> listed.add(text(d, "artifactId")));
        List<String> modules = children(first(parent, "modules"), "module").stream().map(Node::getTextContent).toList();
        assertFalse(modules.isEmpty());
        for (String module : modules) {
            Element pom = pom(root.resolve(module).resolve("pom.xml"));
            String artifactId = text(pom, "artifactId");
            if (artifactId.equals("store-bom")) {
                continue;
            }
            boolean deployed = !"pom".equals(optionalText(pom, "packaging")) && !deploySkipped(pom);
            assertEquals(deployed, listed.contains(artifactId), deployed
                    ? module + " is deployed but missing from store-bom/pom.xml"
                    : module + " is not deployed (maven.deploy.skip) but listed in store-bom/pom.xml");
        }
    }

    private static List<Element> bomDependencies() {
        return children(first(first(bom, "dependencyManagement"), "dependencies"), "dependency");
    }

    private static boolean deploySkipped(Element pom) {
        List<Element> properties = children(pom, "properties");
        return !properties.isEmpty() && "true".equals(optionalText(properties.get(0), "maven.deploy.skip"));
    }

    private static Element pom(Path file) throws IOException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(false);
            return factory.newDocumentBuilder().parse(Files.newInputStream(file)).getDocumentElement();
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException("cannot parse " + file + ": " + e.getMessage(), e);
        }
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                out.add(e);
            }
        }
        return out;
    }

    private static Element first(Element parent, String name) {
        List<Element> found = children(parent, name);
        assertFalse(found.isEmpty(), "<" + name + "> in <" + parent.getTagName() + ">");
        return found.get(0);
    }

    private static String text(Element parent, String name) {
        return first(parent, name).getTextContent().strip();
    }

    private static String optionalText(Element parent, String name) {
        List<Element> found = children(parent, name);
        return found.isEmpty() ? null : found.get(0).getTextContent().strip();
    }
}
