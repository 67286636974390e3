package glassbox;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;

/** The layering of docs/ARCHITECTURE.md: core and render never see JavaFX; the command line never sees the window. */
class ArchitectureTest {
    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("glassbox");

    @Test
    void coreIsFreeOfJavaFxAndUpperLayers() {
        noClasses().that().resideInAPackage("glassbox.core..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "glassbox.render..", "glassbox.app..", "glassbox.cli..", "java.awt..")
                .check(classes);
    }

    @Test
    void renderIsFreeOfJavaFxAppAndCli() {
        noClasses().that().resideInAPackage("glassbox.render..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "glassbox.app..", "glassbox.cli..")
                .check(classes);
    }

    @Test
    void cliIsFreeOfTheWindow() {
        noClasses().that().resideInAPackage("glassbox.cli..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "glassbox.app..")
                .check(classes);
    }

    @Test
    void appDoesNotUseTheCommandLine() {
        noClasses().that().resideInAPackage("glassbox.app..")
                .should().dependOnClassesThat().resideInAPackage("glassbox.cli..")
                .check(classes);
    }

    @Test
    void noHiddenStaticCaches() {
        // A memo is held by the object that computes (docs/ARCHITECTURE.md): a static one would be shared
        // by two labs, two tests or two windows and could return another caller's result. Constants are
        // final; the one exception is ND4J's start-up, which is per JVM by nature.
        fields().that().areStatic()
                .and().areDeclaredInClassesThat().resideInAnyPackage("glassbox.core..", "glassbox.render..")
                .and().areNotDeclaredIn(glassbox.core.Nd4jRuntime.class)
                .should().beFinal()
                .because("memos belong to the lab's engine object, never to a static field")
                .check(classes);
    }
}
