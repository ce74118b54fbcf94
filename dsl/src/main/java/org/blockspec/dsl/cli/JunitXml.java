package org.blockspec.dsl.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/** {@code --junit-xml}: one file, whether one engine ran or several (then one testsuite each). */
final class JunitXml {
    private static final String DECLARATION = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";

    private JunitXml() {
    }

    static void merge(Path reportsDir, Path target) throws IOException {
        List<Path> produced;
        try (Stream<Path> s = Files.list(reportsDir)) {
            produced = s.filter(f -> f.toString().endsWith(".xml")).sorted().toList();
        }
        Path parent = target.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        if (produced.size() == 1) {
            Files.move(produced.getFirst(), target, StandardCopyOption.REPLACE_EXISTING);
            return;
        }
        StringBuilder sb = new StringBuilder(DECLARATION).append("\n<testsuites>\n");
        for (Path p : produced) {
            String xml = Files.readString(p, StandardCharsets.UTF_8).strip();
            if (xml.startsWith("<?xml")) xml = xml.substring(xml.indexOf("?>") + 2).strip();
            sb.append(xml).append('\n');
        }
        Files.writeString(target, sb.append("</testsuites>\n"), StandardCharsets.UTF_8);
    }
}
