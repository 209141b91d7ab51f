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
 * never import one beside them (they meet through core's interfaces; data is the one module the
 * server may read, for its TIFF decoding).
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
        for (String pkg : List.of(
                "io.brainseg.core",
                "io.brainseg.data",
                "io.brainseg.transforms",
                "io.brainseg.models",
                "io.brainseg.metrics",
                "io.brainseg.report",
                "io.brainseg.serve",
                "io.brainseg.tune",
                "io.brainseg.examples")) {
            org.assertj.core.api.Assertions.assertThat(classes.containPackage(pkg))
                    .as(pkg)
                    .isTrue();
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
        List<String> all = List.of(
                "core", "data", "transforms", "models", "metrics", "report", "serve", "tune", "examples", "benchmarks");
        return Stream.of(
                Arguments.of("core", others(all, "core")),
                Arguments.of("data", others(all, "data", "core")),
                Arguments.of("transforms", others(all, "transforms", "core")),
                Arguments.of("models", others(all, "models", "core")),
                Arguments.of("metrics", others(all, "metrics", "core")),
                Arguments.of("report", others(all, "report", "core")),
                Arguments.of("serve", others(all, "serve", "core", "data")),
                Arguments.of("tune", others(all, "tune", "core")));
    }

    private static List<String> others(List<String> all, String... allowed) {
        List<String> keep = List.of(allowed);
        return all.stream().filter(m -> !keep.contains(m)).toList();
    }

    @ParameterizedTest(name = "{0} imports none of {1}")
    @MethodSource("forbiddenModuleEdges")
    void libraryModulesPointOnlyToCore(String module, List<String> forbidden) {
        String[] packages =
                forbidden.stream().map(m -> "io.brainseg." + m + "..").toArray(String[]::new);
        noClasses()
                .that()
                .resideInAPackage("io.brainseg." + module + "..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(packages)
                .check(classes);
    }
}
