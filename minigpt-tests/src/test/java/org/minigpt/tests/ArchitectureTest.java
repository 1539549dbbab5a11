package org.minigpt.tests;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The house's shape from the compiled modules: front ends reach core only through the facade that
 * docs/architecture.md lists, no module depends on one above it, plugins and front ends use none of each other's
 * classes, and minigpt-api's packages form no cycle.
 */
class ArchitectureTest {
    private static final String CORE = "org.minigpt.core";
    private static final String[] FRONT_ENDS = {"org.minigpt.cli..", "org.minigpt.studio..", "org.minigpt.serve..",
        "org.minigpt.export.."};
    private static final String[] PLUGINS = {"org.minigpt.tokenizers..", "org.minigpt.samplers..", "org.minigpt.samediff..",
        "org.minigpt.example.."};
    private static JavaClasses classes;
    /** The facade's types, and those with the engine SPI's, as docs/architecture.md lists them. */
    private static Set<String> facade;
    private static Set<String> listed;

    @BeforeAll
    static void importModules() throws IOException {
        try (Stream<Path> modules = Files.list(TestData.projectRoot())) {
            Path[] compiled = modules.map(module -> module.resolve("target/classes")).filter(Files::isDirectory)
                    .toArray(Path[]::new);
            classes = new ClassFileImporter().importPaths(compiled);
        }
        facade = listedTypes("facade");
        listed = new TreeSet<>(facade);
        listed.addAll(listedTypes("engine-spi"));
    }

    @Test
    void frontEndsUseOnlyTheFacade() {
        assertEquals(Set.of(), coreTypesUsedOutside(facade, "org.minigpt.cli", "org.minigpt.studio", "org.minigpt.serve",
                "org.minigpt.export"),
                "core types the front ends use that docs/architecture.md's facade does not list");
    }

    @Test
    void enginesUseTheFacadeAndTheEngineSpi() {
        assertEquals(Set.of(), coreTypesUsedOutside(listed, "org.minigpt.spark"),
                "core types minigpt-spark uses that neither the facade nor the engine SPI lists");
    }

    @Test
    void nothingOutsideCoreReachesItsInternals() {
        noClasses().that().resideOutsideOfPackage(CORE + "..").should().dependOnClassesThat()
                .resideInAPackage(CORE + ".internal..").check(classes);
    }

    @Test
    void everyListedTypeIsPublicAndOutsideTheInternals() {
        for (String name : listed) {
            JavaClass type = classes.get(name);
            assertFalse(type.getPackageName().contains(".internal"), name);
            assertEquals(true, type.getModifiers().contains(JavaModifier.PUBLIC), name);
        }
    }

    @Test
    void everyOtherPublicCoreTypeIsInternal() {
        Set<String> unlisted = new TreeSet<>();
        for (JavaClass type : classes) {
            if (type.getPackageName().startsWith(CORE) && !type.getPackageName().startsWith(CORE + ".internal")
                    && type.isTopLevelClass() && type.getModifiers().contains(JavaModifier.PUBLIC)
                    && !listed.contains(type.getName())) {
                unlisted.add(type.getName());
            }
        }
        assertEquals(Set.of(), unlisted, "public core types outside org.minigpt.core.internal that neither list names");
    }

    @Test
    void modulesDependOnlyDownward() {
        noClasses().that().resideInAPackage("org.minigpt.api..").should().dependOnClassesThat()
                .resideInAnyPackage(concat(concat(PLUGINS, FRONT_ENDS), new String[] {CORE + "..", "org.minigpt.spark.."}))
                .check(classes);
        noClasses().that().resideInAnyPackage(PLUGINS).should().dependOnClassesThat()
                .resideInAnyPackage(concat(new String[] {CORE + "..", "org.minigpt.spark.."}, FRONT_ENDS)).check(classes);
        noClasses().that().resideInAPackage(CORE + "..").should().dependOnClassesThat()
                .resideInAnyPackage(concat(concat(PLUGINS, FRONT_ENDS), new String[] {"org.minigpt.spark.."})).check(classes);
        noClasses().that().resideInAPackage("org.minigpt.cli..").should().dependOnClassesThat()
                .resideInAnyPackage("org.minigpt.studio..", "org.minigpt.serve..", "org.minigpt.spark..").check(classes);
        noClasses().that().resideInAnyPackage(FRONT_ENDS).or().resideInAPackage("org.minigpt.spark..").should()
                .dependOnClassesThat().resideInAnyPackage(PLUGINS).check(classes);
    }

    @Test
    void pluginsAndFrontEndsStandAlone() {
        for (String plugin : PLUGINS) {
            noClasses().that().resideInAPackage(plugin).should().dependOnClassesThat()
                    .resideInAnyPackage(Arrays.stream(PLUGINS).filter(other -> !other.equals(plugin)).toArray(String[]::new))
                    .because("a plugin reaches another only through the API").check(classes);
        }
        noClasses().that().resideInAPackage("org.minigpt.studio..").should().dependOnClassesThat()
                .resideInAPackage("org.minigpt.serve..").check(classes);
        noClasses().that().resideInAPackage("org.minigpt.serve..").should().dependOnClassesThat()
                .resideInAPackage("org.minigpt.studio..").check(classes);
        noClasses().that().resideInAPackage("org.minigpt.http..").should().dependOnClassesThat()
                .resideInAnyPackage(concat(concat(PLUGINS, FRONT_ENDS), new String[] {CORE + "..", "org.minigpt.spark.."}))
                .because("the HTTP layer serves the front ends and knows none of them").check(classes);
    }

    @Test
    void theApiPackagesFormNoCycle() {
        slices().matching("org.minigpt.api.(*)..").should().beFreeOfCycles().check(classes);
    }

    /** The core types (nested types count as their outer type) that classes under {@code packages} use, less {@code allowed}. */
    private static Set<String> coreTypesUsedOutside(Set<String> allowed, String... packages) {
        Set<String> used = new TreeSet<>();
        for (JavaClass type : classes) {
            if (Arrays.stream(packages).noneMatch(name -> type.getPackageName().startsWith(name))) {
                continue;
            }
            for (Dependency dependency : type.getDirectDependenciesFromSelf()) {
                String target = dependency.getTargetClass().getBaseComponentType().getName().replaceAll("\\$.*", "");
                if (target.startsWith(CORE + ".") && !allowed.contains(target)) {
                    used.add(target + " (" + type.getSimpleName() + ")");
                }
            }
        }
        return used;
    }

    /** The types a {@code text NAME} block of docs/architecture.md lists: a package, then its types' simple names. */
    private static Set<String> listedTypes(String block) throws IOException {
        String docs = Files.readString(TestData.projectRoot().resolve("docs/architecture.md"));
        Matcher fenced = Pattern.compile("```text " + block + "\\n(.*?)```", Pattern.DOTALL).matcher(docs);
        assertEquals(true, fenced.find(), "docs/architecture.md has no ```text " + block + " block");
        Set<String> types = new TreeSet<>();
        for (String line : fenced.group(1).split("\\n")) {
            List<String> words = List.of(line.trim().split("\\s+"));
            words.subList(1, words.size()).forEach(name -> types.add(words.get(0) + "." + name));
        }
        return types;
    }

    private static String[] concat(String[] first, String[] second) {
        return Stream.concat(Arrays.stream(first), Arrays.stream(second)).toArray(String[]::new);
    }
}
