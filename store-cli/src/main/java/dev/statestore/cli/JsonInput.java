package dev.statestore.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.BooleanNode;
import tools.jackson.databind.node.IntNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.LongNode;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * The JSON the tool reads ({@code import} files, values given on the command line) as
 * trees in the store's canonical form, parsed with the store's limits ({@link StoreRules}):
 * numbers exactly as the store's reader makes them, so that what is read, written and read
 * back is {@code equals} to the original. Jackson's default tree reader would turn
 * {@code 1E-400} into {@code 0.0}.
 *
 * <p>Stateless and thread-safe.
 */
final class JsonInput {

    /** Containers around a value in what the tool reads: the object of an import file. */
    static final int WRAPPING_DEPTH = 1;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StoreRules.readConstraints(WRAPPING_DEPTH))
            .build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonInput() {
    }

    /**
     * Returns the JSON values of {@code file} (standard input for {@code -}), one after another:
     * a single document or JSON Lines.
     *
     * @throws CliException naming the file when it is missing or cannot be opened
     */
    static Values open(Path file, InputStream stdin) {
        String name = file.toString().equals("-") ? "standard input" : file.toString();
        try {
            InputStream in = file.toString().equals("-") ? stdin : Files.newInputStream(file);
            return new Values(name, in, FACTORY.createParser(ObjectReadContext.empty(), in));
        } catch (NoSuchFileException e) {
            throw CliException.usage("no such file: " + name);
        } catch (IOException e) {
            throw CliException.io("cannot read " + name + ": " + e, e);
        } catch (JacksonException e) {
            throw CliException.usage(name + " is not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** The JSON values of one file, read one at a time. Not thread-safe; closing closes the file. */
    static final class Values implements AutoCloseable {
        private final String name;
        private final InputStream in;
        private final JsonParser parser;

        private Values(String name, InputStream in, JsonParser parser) {
            this.name = name;
            this.in = in;
            this.parser = parser;
        }

        String name() {
            return name;
        }

        /**
         * Returns the next value, or {@code null} at the end of the file.
         *
         * @throws CliException naming the file and the line when the text is not JSON or is beyond
         *     the store's limits
         */
        JsonNode next() {
            try {
                JsonToken first = parser.nextToken();
                return first == null ? null : tree(parser, first);
            } catch (JacksonException e) {
                throw CliException.usage(name + " is not valid JSON: " + e.getOriginalMessage()
                        + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
            }
        }

        @Override
        public void close() {
            try {
                parser.close();
                in.close();
            } catch (IOException e) {
                throw CliException.io("cannot close " + name + ": " + e, e);
            }
        }
    }

    /**
     * Returns the one JSON value in {@code text}.
     *
     * @throws CliException naming {@code what} when the text is not one JSON value
     */
    static JsonNode readValue(String text, String what) {
        try (JsonParser p = FACTORY.createParser(ObjectReadContext.empty(), text)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw CliException.usage(what + " is empty: give a JSON value, such as 42, true, null,"
                        + " '\"text\"' or '{\"a\":1}'");
            }
            JsonNode value = tree(p, first);
            if (p.nextToken() != null) {
                throw CliException.usage(what + " holds more than one JSON value");
            }
            return value;
        } catch (JacksonException e) {
            throw CliException.usage(what + " is not valid JSON: " + e.getOriginalMessage()
                    + "; a string needs quotes, as in '\"text\"'");
        }
    }

    /** Returns the value that starts with {@code token}, numbers by the store's rule. */
    static JsonNode tree(JsonParser p, JsonToken token) {
        switch (token) {
            case START_OBJECT: {
                ObjectNode o = NODES.objectNode();
                String name;
                while ((name = p.nextName()) != null) {
                    o.set(name, tree(p, p.nextToken()));
                }
                return o;
            }
            case START_ARRAY: {
                ArrayNode a = NODES.arrayNode();
                JsonToken t;
                while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                    a.add(tree(p, t));
                }
                return a;
            }
            case VALUE_STRING:
                return StringNode.valueOf(p.getString());
            case VALUE_NUMBER_INT: {
                JsonParser.NumberType type = p.getNumberType();
                if (type == JsonParser.NumberType.INT) {
                    return IntNode.valueOf(p.getIntValue());
                }
                if (type == JsonParser.NumberType.LONG) {
                    return LongNode.valueOf(p.getLongValue());
                }
                return StoreRules.number(p.getString());
            }
            case VALUE_NUMBER_FLOAT:
                return StoreRules.number(p.getString());
            case VALUE_TRUE:
                return BooleanNode.TRUE;
            case VALUE_FALSE:
                return BooleanNode.FALSE;
            case VALUE_NULL:
                return NullNode.getInstance();
            default:
                throw CliException.usage("unexpected JSON token " + token);
        }
    }
}
