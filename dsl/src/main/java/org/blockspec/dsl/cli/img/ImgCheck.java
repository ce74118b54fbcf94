package org.blockspec.dsl.cli.img;

import java.util.Locale;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import org.blockspec.engine.graph.BlockBackend;
import org.blockspec.engine.graph.BlockNode;
import org.blockspec.engine.qmp.QmpJson;
import org.blockspec.engine.spi.BlockException;
import org.blockspec.engine.spi.CheckMode;
import org.blockspec.engine.spi.CheckReport;
import org.blockspec.engine.spi.CheckResult;

/**
 * qemu-img check: the image's metadata checked (and repaired with -r), the per-problem lines
 * on standard error, the summary on standard output. Exit status 0 clean, 1 check failed,
 * 2 corruptions, 3 leaks only, 63 format without checks.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Checks an image (qemu-img check [-q] [-f fmt] [--output=human|json] [-r leaks|all] [-U] filename).")
final class ImgCheck implements Callable<Integer> {
    @Mixin
    ImageArgs image = new ImageArgs();

    @Option(names = "-r", paramLabel = "leaks|all", description = "Repair leaks only, or everything.")
    String repair;

    @Parameters(paramLabel = "FILENAME", description = "The image.")
    String filename;

    @Override
    public Integer call() {
        return ImgSession.run(s -> {
            CheckMode mode = repair == null ? CheckMode.NONE : switch (repair) {
                case "leaks" -> CheckMode.LEAKS;
                case "all" -> CheckMode.ALL;
                default -> throw new ImgSession.Failure("Unknown option value for -r (expecting 'leaks' or 'all'): "
                        + repair + "\nTry 'blockspec img --help' for more information\n");
            };
            boolean json = image.json();
            BlockBackend b = s.open(ImgSession.request(filename, image.format, mode != CheckMode.NONE, image.forceShare)
                    .withForCheck(true), mode != CheckMode.NONE);
            BlockNode n = b.node();
            if (!n.driver().supportsCheck()) throw new ImgSession.Failure("This image format does not support checks", 63);
            CheckReport report = new CheckReport() {
                @Override public void line(String text) { s.err.println(text); }

                @Override public void error(String text) { s.err.println(ImgSession.PROGRAM + ": " + text); }
            };
            CheckResult r;
            try {
                r = n.driver().check(mode, report);
                if (r.corruptionsFixed() > 0 || r.leaksFixed() > 0) {
                    if (!json && !image.quiet) {
                        s.out.printf("The following inconsistencies were found and repaired:%n%n    %d leaked clusters%n"
                                + "    %d corruptions%n%nDouble checking the fixed image now...%n",
                                r.leaksFixed(), r.corruptionsFixed());
                    }
                    CheckResult again = n.driver().check(CheckMode.NONE, report);
                    r = new CheckResult(again.corruptions(), again.leaks(), again.checkErrors(), r.corruptionsFixed(),
                            r.leaksFixed(), again.imageEndOffset(), again.totalClusters(), again.allocatedClusters(),
                            again.fragmentedClusters(), again.compressedClusters());
                }
            } catch (BlockException e) {
                throw new ImgSession.Failure("Check failed: " + e.getMessage());
            }
            if (!image.quiet) {
                if (json) s.out.println(QmpJson.writePretty(json(r, n)));
                else human(s, r);
            }
            if (r.checkErrors() > 0) throw new ImgSession.Failure("Check failed");
            return r.corruptions() > 0 ? 2 : r.leaks() > 0 ? 3 : 0;
        });
    }

    /** QAPI ImageCheck, members in schema order; optional counts only when not zero. */
    private ObjectNode json(CheckResult r, BlockNode n) {
        ObjectNode o = QmpJson.MAPPER.createObjectNode();
        o.put("filename", filename);
        o.put("format", n.driverName());
        o.put("check-errors", r.checkErrors());
        putNonZero(o, "image-end-offset", r.imageEndOffset());
        putNonZero(o, "corruptions", r.corruptions());
        putNonZero(o, "leaks", r.leaks());
        putNonZero(o, "corruptions-fixed", r.corruptionsFixed());
        putNonZero(o, "leaks-fixed", r.leaksFixed());
        putNonZero(o, "total-clusters", r.totalClusters());
        putNonZero(o, "allocated-clusters", r.allocatedClusters());
        putNonZero(o, "fragmented-clusters", r.fragmentedClusters());
        putNonZero(o, "compressed-clusters", r.compressedClusters());
        return o;
    }

    private static void putNonZero(ObjectNode o, String key, long v) {
        if (v != 0) o.put(key, v);
    }

    /** qemu-img's dump_human_image_check. */
    private static void human(ImgSession s, CheckResult r) {
        if (r.corruptions() == 0 && r.leaks() == 0 && r.checkErrors() == 0) {
            s.out.println("No errors were found on the image.");
        } else {
            if (r.corruptions() > 0) {
                s.out.printf("%n%d errors were found on the image.%n"
                        + "Data may be corrupted, or further writes to the image may corrupt it.%n", r.corruptions());
            }
            if (r.leaks() > 0) {
                s.out.printf("%n%d leaked clusters were found on the image.%n"
                        + "This means waste of disk space, but no harm to data.%n", r.leaks());
            }
            if (r.checkErrors() > 0) {
                s.out.printf("%n%d internal errors have occurred during the check.%n", r.checkErrors());
            }
        }
        if (r.totalClusters() != 0 && r.allocatedClusters() != 0) {
            s.out.printf(Locale.ROOT, "%d/%d = %.2f%% allocated, %.2f%% fragmented, %.2f%% compressed clusters%n",
                    r.allocatedClusters(), r.totalClusters(), r.allocatedClusters() * 100.0 / r.totalClusters(),
                    r.fragmentedClusters() * 100.0 / r.allocatedClusters(),
                    r.compressedClusters() * 100.0 / r.allocatedClusters());
        }
        if (r.imageEndOffset() != 0) s.out.println("Image end offset: " + r.imageEndOffset());
    }
}
