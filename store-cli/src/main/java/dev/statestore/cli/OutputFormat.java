package dev.statestore.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The one output switch of every command that prints data, {@code -o text|json|jsonl}
 * (as etcdctl's {@code -w}): {@code text} for people, {@code json} one indented JSON document
 * (an array for a list), {@code jsonl} one compact JSON value per line. Used as a picocli mixin;
 * a command whose default is not {@code text} declares the option itself.
 *
 * <p>Not thread-safe: picocli fills one per command line.
 */
final class OutputFormat {

    /** The formats. */
    enum Format { TEXT, JSON, JSONL }

    /** Returns the formats' names as typed, for shell completion. */
    static final class Names extends ArrayList<String> {
        private static final long serialVersionUID = 1L;

        Names() {
            super(List.of("text", "json", "jsonl"));
        }
    }

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", completionCandidates = Names.class,
            description = "text (default), json (one document) or jsonl (one JSON value per line)")
    Format format = Format.TEXT;

    Format format() {
        return format;
    }
}
