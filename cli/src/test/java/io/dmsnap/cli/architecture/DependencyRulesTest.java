package io.dmsnap.cli.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Who may depend on whom, checked on the compiled main classes of every module on this module's
 * class path (engine, bench, stress and cli):
 * <pre>
 *   cli ──> bench ──> engine
 *    │ └──> stress ──┘   ^
 *    └─────────────────-─┘
 * </pre>
 * The engine depends on nothing of ours; bench and stress only on the engine; only cli sees all
 * three, and nothing depends on cli. No package of ours is part of a dependency cycle.
 */
final class DependencyRulesTest
{
    private static JavaClasses classes;

    /** Main classes only: test classes and test jars may reach across modules. */
    private static final ImportOption MAIN_CLASSES_ONLY = (final Location location) ->
        !location.contains("/test-classes/") && !location.contains("-tests.jar");

    @BeforeAll
    static void importClasses()
    {
        classes = new ClassFileImporter().withImportOption(MAIN_CLASSES_ONLY).importPackages("io.dmsnap");
    }

    @Test
    void everyModuleIsOnTheClassPath()
    {
        for (final String pkg : new String[] {"io.dmsnap.engine", "io.dmsnap.bench", "io.dmsnap.stress", "io.dmsnap.cli"})
        {
            assertTrue(classes.containPackage(pkg), pkg + " was not imported: the rules below would hold vacuously");
        }
    }

    @Test
    void theEngineDependsOnNothingOfOurs()
    {
        noClasses().that().resideInAPackage("io.dmsnap.engine..")
            .should().dependOnClassesThat().resideInAnyPackage("io.dmsnap.bench..", "io.dmsnap.stress..", "io.dmsnap.cli..")
            .check(classes);
    }

    @Test
    void benchDependsOnlyOnTheEngine()
    {
        noClasses().that().resideInAPackage("io.dmsnap.bench..")
            .should().dependOnClassesThat().resideInAnyPackage("io.dmsnap.stress..", "io.dmsnap.cli..")
            .check(classes);
    }

    @Test
    void stressDependsOnlyOnTheEngine()
    {
        noClasses().that().resideInAPackage("io.dmsnap.stress..")
            .should().dependOnClassesThat().resideInAnyPackage("io.dmsnap.bench..", "io.dmsnap.cli..")
            .check(classes);
    }

    @Test
    void nothingDependsOnTheCommandLine()
    {
        noClasses().that().resideOutsideOfPackage("io.dmsnap.cli..")
            .should().dependOnClassesThat().resideInAPackage("io.dmsnap.cli..")
            .check(classes);
    }

    @Test
    void noPackageCycles()
    {
        slices().matching("io.dmsnap.(**)").should().beFreeOfCycles().check(classes);
    }
}
