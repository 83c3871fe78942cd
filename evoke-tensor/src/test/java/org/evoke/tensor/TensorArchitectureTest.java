package org.evoke.tensor;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * evoke-tensor's layout by concern (see the package-info of {@code org.evoke.tensor}), checked on the compiled
 * classes: imports run one way, so a reader can start at an entry point and go down.
 * <pre>
 *   top (Kernels, Backend, Parallel, Buffers)      uses tile, blas, memory
 *   conv, dense, attention (entry points)          use ops, tile, blas, memory, top
 *   ops                                            uses memory, blas, top
 *   tile                                           uses ops, memory, top
 *   blas, io, memory                               use nothing above them
 * </pre>
 */
@AnalyzeClasses(packages = "org.evoke.tensor", importOptions = ImportOption.DoNotIncludeTests.class)
class TensorArchitectureTest {
    private static final String TOP = "org.evoke.tensor";

    /** No two subpackages import each other, directly or around a loop. */
    @ArchTest
    static final ArchRule subpackagesAreFreeOfCycles = slices().matching("org.evoke.tensor.(*)..").should().beFreeOfCycles();

    /** The top package is the machine-wide switchboard: it knows the tiles it loads, never the layers' kernels. */
    @ArchTest
    static final ArchRule theTopKnowsNoEntryPointOrOp = noClasses().that().resideInAPackage(TOP)
            .should().dependOnClassesThat().resideInAnyPackage(TOP + ".conv..", TOP + ".dense..", TOP + ".attention..",
                    TOP + ".ops..", TOP + ".io..");

    /** The building blocks never reach up to an entry point. */
    @ArchTest
    static final ArchRule buildingBlocksNeverUseEntryPoints = noClasses()
            .that().resideInAnyPackage(TOP + ".tile..", TOP + ".ops..", TOP + ".blas..", TOP + ".memory..", TOP + ".io..")
            .should().dependOnClassesThat().resideInAnyPackage(TOP + ".conv..", TOP + ".dense..", TOP + ".attention..");

    /** memory and io are leaves: they use no other part of the library. */
    @ArchTest
    static final ArchRule memoryIsALeaf = noClasses().that().resideInAPackage(TOP + ".memory..")
            .should().dependOnClassesThat().resideInAnyPackage(TOP, TOP + ".conv..", TOP + ".dense..", TOP + ".attention..",
                    TOP + ".ops..", TOP + ".tile..", TOP + ".blas..", TOP + ".io..");

    /**
     * The Vector API classes are named by no other class: {@link Kernels} loads them by reflection, so the library
     * runs on a JVM without {@code jdk.incubator.vector}.
     */
    @ArchTest
    static final ArchRule vectorApiClassesAreLoadedByReflectionOnly = noClasses()
            .that().resideOutsideOfPackage(TOP + ".tile.simd..")
            .should().dependOnClassesThat().resideInAPackage(TOP + ".tile.simd..");

    /** Nothing but tile.simd touches the Vector API itself. */
    @ArchTest
    static final ArchRule onlyTileSimdUsesTheVectorApi = noClasses()
            .that().resideOutsideOfPackage(TOP + ".tile.simd..")
            .should().dependOnClassesThat().resideInAPackage("jdk.incubator.vector..");
}
