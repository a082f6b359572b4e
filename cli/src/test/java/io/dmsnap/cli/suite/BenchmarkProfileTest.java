package io.dmsnap.cli.suite;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.parsers.DocumentBuilderFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Maven profile {@code benchmark}, read from the poms: {@code mvn -Pbenchmark verify} skips the
 * tests and runs the suite, then a comparison when {@code -Dbaseline} is given; plain
 * {@code mvn verify} gets nothing of it (the suite's plugin is declared in the profile only, and
 * only {@code -P} activates the profile). Running the profile is for the CLI and CI: it takes
 * minutes.
 */
@Timeout(20)
final class BenchmarkProfileTest
{
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private static Element pom(final String path) throws Exception
    {
        final DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(ROOT.resolve(path).toFile()).getDocumentElement();
    }

    private static List<Element> children(final Element parent, final String name)
    {
        final List<Element> found = new ArrayList<>();
        if (parent == null)
        {
            return found;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling())
        {
            if (n instanceof Element e && e.getTagName().equals(name))
            {
                found.add(e);
            }
        }
        return found;
    }

    private static Element child(final Element parent, final String name)
    {
        final List<Element> found = children(parent, name);
        return found.isEmpty() ? null : found.get(0);
    }

    private static String text(final Element parent, final String name)
    {
        final Element e = child(parent, name);
        return e == null ? null : e.getTextContent().trim();
    }

    private static Element profile(final Element pom, final String id)
    {
        for (final Element p : children(child(pom, "profiles"), "profile"))
        {
            if (id.equals(text(p, "id")))
            {
                return p;
            }
        }
        throw new AssertionError("no profile " + id);
    }

    private static Map<String, String> properties(final Element owner)
    {
        final Map<String, String> props = new TreeMap<>();
        final Element properties = child(owner, "properties");
        if (properties != null)
        {
            for (Node n = properties.getFirstChild(); n != null; n = n.getNextSibling())
            {
                if (n instanceof Element e)
                {
                    props.put(e.getTagName(), e.getTextContent().trim());
                }
            }
        }
        return props;
    }

    private static List<String> arguments(final Element execution)
    {
        return children(child(child(execution, "configuration"), "arguments"), "argument").stream()
            .map(e -> e.getTextContent().trim()).toList();
    }

    /** Every plugin an element's build declares, by artifactId (pluginManagement left out). */
    private static List<String> buildPlugins(final Element owner)
    {
        return children(child(child(owner, "build"), "plugins"), "plugin").stream().map(p -> text(p, "artifactId")).toList();
    }

    @Test
    void theProfileSkipsTheTestsAndIsActivatedOnlyByName() throws Exception
    {
        final Element root = profile(pom("pom.xml"), "benchmark");
        assertEquals("true", properties(root).get("skipTests"));
        assertEquals(null, child(root, "activation"), "only -Pbenchmark activates it");
        final Element jcstress = profile(pom("jcstress/pom.xml"), "benchmark");
        assertEquals("true", properties(jcstress).get("jcstress.skip"));
        assertEquals(null, child(jcstress, "activation"));
    }

    @Test
    void theCliProfileRunsTheSuiteThenTheComparisonInVerify() throws Exception
    {
        final Element cli = pom("cli/pom.xml");
        final Element profile = profile(cli, "benchmark");
        assertEquals(null, child(profile, "activation"));
        final Element exec = children(child(child(profile, "build"), "plugins"), "plugin").get(0);
        assertEquals("exec-maven-plugin", text(exec, "artifactId"));
        final List<Element> executions = children(child(exec, "executions"), "execution");
        assertEquals(List.of("benchmark-suite", "benchmark-compare"), executions.stream().map(e -> text(e, "id")).toList());
        for (final Element e : executions)
        {
            assertEquals("verify", text(e, "phase"), "after package: the jar exists");
            final List<String> args = arguments(e);
            assertEquals(List.of("-cp", "${project.build.directory}/dmsnap.jar", "io.dmsnap.cli.Dmsnap"),
                args.subList(args.indexOf("-cp"), args.indexOf("-cp") + 3));
        }
        final List<String> suite = arguments(executions.get(0));
        assertEquals(List.of("suite", "${suite}", "--result", "${benchmark.dir}/suite.json", "--no-live"),
            suite.subList(suite.indexOf("suite"), suite.size()));
        final List<String> compare = arguments(executions.get(1));
        assertEquals(List.of("compare", "${baseline}", "${benchmark.dir}/suite.json"),
            compare.subList(compare.indexOf("compare"), compare.indexOf("compare") + 3));
        assertEquals("${benchmark.skipCompare}", text(child(executions.get(1), "configuration"), "skip"));

        // The comparison runs only with -Dbaseline, and the suite defaults to the checked-in one.
        final Map<String, String> defaults = properties(cli);
        assertEquals("true", defaults.get("benchmark.skipCompare"));
        assertEquals("${project.parent.basedir}/results/suite.txt", defaults.get("suite"));
        assertEquals("${project.build.directory}/benchmark", defaults.get("benchmark.dir"));
        final Element baseline = profile(cli, "benchmark-baseline");
        assertEquals("baseline", text(child(child(baseline, "activation"), "property"), "name"));
        assertEquals(Map.of("benchmark.skipCompare", "false"), properties(baseline));
        assertEquals(null, child(baseline, "build"), "alone it adds nothing to a build");
    }

    @Test
    void plainVerifyGetsNothingOfIt() throws Exception
    {
        // Outside the profile, no module's build runs the suite: the exec plugin is declared only
        // where it already was (jcstress's run of its tests).
        for (final String module : List.of("pom.xml", "engine/pom.xml", "bench/pom.xml", "stress/pom.xml", "cli/pom.xml"))
        {
            assertTrue(!buildPlugins(pom(module)).contains("exec-maven-plugin"), module);
        }
        assertTrue(buildPlugins(pom("jcstress/pom.xml")).contains("exec-maven-plugin"));
    }
}
