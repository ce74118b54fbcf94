package org.blockspec.dsl.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/** Merges JUnit XML files (one {@code testsuite} each, as the JUnit Platform writes them) into one suite. */
public final class JunitXml {
    private JunitXml() {
    }

    /** @return how many test cases the merged file holds */
    public static int merge(List<Path> inputs, Path output) throws IOException {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            DocumentBuilder b = f.newDocumentBuilder();
            Document merged = null;
            Element suite = null;
            long tests = 0;
            long skipped = 0;
            long failures = 0;
            long errors = 0;
            double time = 0;
            for (Path in : inputs) {
                Document d;
                try {
                    d = b.parse(in.toFile());
                } catch (SAXException e) {
                    throw new IOException(in + ": not XML (" + e.getMessage() + ")");
                }
                Element root = d.getDocumentElement();
                if (!root.getTagName().equals("testsuite")) throw new IOException(in + ": not a JUnit XML test suite");
                tests += count(root, "tests");
                skipped += count(root, "skipped");
                failures += count(root, "failures");
                errors += count(root, "errors");
                time += Double.parseDouble(root.getAttribute("time").isEmpty() ? "0" : root.getAttribute("time"));
                if (merged == null) {
                    merged = d;
                    suite = root;
                    continue;
                }
                NodeList cases = root.getElementsByTagName("testcase");
                for (int i = 0; i < cases.getLength(); i++) {
                    Node c = merged.importNode(cases.item(i), true);
                    suite.appendChild(c);
                }
            }
            suite.setAttribute("tests", Long.toString(tests));
            suite.setAttribute("skipped", Long.toString(skipped));
            suite.setAttribute("failures", Long.toString(failures));
            suite.setAttribute("errors", Long.toString(errors));
            suite.setAttribute("time", String.format(Locale.ROOT, "%.3f", time));
            Transformer t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(OutputKeys.INDENT, "no");
            if (output.toAbsolutePath().getParent() != null) Files.createDirectories(output.toAbsolutePath().getParent());
            t.transform(new DOMSource(merged), new StreamResult(output.toFile()));
            return suite.getElementsByTagName("testcase").getLength();
        } catch (ParserConfigurationException | TransformerException e) {
            throw new IOException("cannot merge JUnit XML: " + e.getMessage());
        }
    }

    private static long count(Element e, String attr) {
        String v = e.getAttribute(attr);
        return v.isEmpty() ? 0 : Long.parseLong(v);
    }
}
