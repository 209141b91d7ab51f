package io.brainseg.examples;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The module and package graph of the main code (examples sees every module, so the whole graph is
 * on its classpath): no package cycles, core depends on no other module, and the library modules
 * never import one beside them (they meet through core's interfaces; data is the one module others
 * may read, for its TIFF and dataset readers).
 */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                // the reactor's test jars (core's fixtures) are test code too
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("io.brainseg");
    }

    @Test
    void mainCodeOfEveryModuleIsImported() {
        for (String pkg : List.of("io.brainseg.core", "io.brainseg.data", "io.brainseg.transforms",
                "io.brainseg.models", "io.brainseg.metrics", "io.brainseg.examples")) {
            org.assertj.core.api.Assertions.assertThat(classes.containPackage(pkg)).as(pkg).isTrue();
        }
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching("io.brainseg.(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void modulesHaveNoCycles() {
        slices().matching("io.brainseg.(*)..").should().beFreeOfCycles().check(classes);
    }

    static Stream<Arguments> forbiddenModuleEdges() {
        return Stream.of(
                Arguments.of("core", List.of("data", "transforms", "models", "metrics", "examples")),
                Arguments.of("data", List.of("transforms", "models", "metrics", "examples")),
                Arguments.of("transforms", List.of("data", "models", "metrics", "examples")),
                Arguments.of("models", List.of("data", "transforms", "metrics", "examples")),
                Arguments.of("metrics", List.of("data", "transforms", "models", "examples")));
    }

    @ParameterizedTest(name = "{0} imports none of {1}")
    @MethodSource("forbiddenModuleEdges")
    void libraryModulesPointOnlyToCore(String module, List<String> forbidden) {
        String[] packages = forbidden.stream().map(m -> "io.brainseg." + m + "..").toArray(String[]::new);
        noClasses().that().resideInAPackage("io.brainseg." + module + "..")
                .should().dependOnClassesThat().resideInAnyPackage(packages)
                .check(classes);
    }
}
