package dev.statestore.bench.report;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The report's one marker convention: {@code docs/benchmarks.md} is hand-written, and each part
 * the report generates sits between {@code <!-- generated:NAME -->} and
 * {@code <!-- end:NAME -->} on lines of their own. {@link #fill} replaces what lies between each
 * pair and leaves every other line alone, so prose and notes are edited in the document, not in
 * Java.
 *
 * <p>Thread-safe; holds no state.
 */
final class Markers {

    private static final Pattern START = Pattern.compile("<!-- generated:([a-z0-9-]+) -->");

    private Markers() {
    }

    /**
     * Returns the line that opens block {@code name}.
     *
     * @param name the block
     * @return the marker
     */
    static String start(String name) {
        return "<!-- generated:" + name + " -->";
    }

    /**
     * Returns the line that closes block {@code name}.
     *
     * @param name the block
     * @return the marker
     */
    static String end(String name) {
        return "<!-- end:" + name + " -->";
    }

    /**
     * Returns the bodies of the blocks of {@code doc}, by name, in document order.
     *
     * @param doc the document
     * @return name to body
     * @throws IllegalArgumentException if a block is opened twice or never closed
     */
    static Map<String, String> blocks(String doc) {
        Map<String, String> blocks = new LinkedHashMap<>();
        Matcher m = START.matcher(doc);
        while (m.find()) {
            String name = m.group(1);
            int end = doc.indexOf(end(name), m.end());
            if (end < 0) {
                throw new IllegalArgumentException("the document opens " + start(name) + " but never closes it with "
                        + end(name) + "; add the closing marker by hand");
            }
            if (blocks.put(name, doc.substring(m.end(), end)) != null) {
                throw new IllegalArgumentException("the document opens " + start(name) + " twice; keep one");
            }
        }
        return blocks;
    }

    /**
     * Returns {@code doc} with the body of every block in {@code bodies} replaced.
     *
     * @param doc the document
     * @param bodies block name to its new body (Markdown, ending with a newline)
     * @return the new document
     * @throws IllegalArgumentException if {@code doc} lacks a block of {@code bodies}, or its
     *     markers are broken as {@link #blocks} says
     */
    static String fill(String doc, Map<String, String> bodies) {
        Map<String, String> present = blocks(doc);
        for (String name : bodies.keySet()) {
            if (!present.containsKey(name)) {
                throw new IllegalArgumentException("the document has no block " + start(name) + " … " + end(name)
                        + "; add the two marker lines where the generated " + name + " part belongs");
            }
        }
        String out = doc;
        for (Map.Entry<String, String> b : bodies.entrySet()) {
            int s = out.indexOf(start(b.getKey())) + start(b.getKey()).length();
            int e = out.indexOf(end(b.getKey()), s);
            out = out.substring(0, s) + "\n" + b.getValue() + out.substring(e);
        }
        return out;
    }
}
