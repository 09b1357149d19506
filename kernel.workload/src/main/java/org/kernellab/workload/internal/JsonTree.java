package org.kernellab.workload.internal;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;

/**
 * A JSON document as an ordered tree built with Jackson's streaming parser. Unlike Jackson's
 * own tree it keeps an object's repeated keys, in order (rt-app's workgen files repeat
 * {@code run} and {@code sleep}), and the line and column of every value, so that problems
 * can be reported in the order of the file. Comments and trailing commas are accepted, as
 * json-c (which rt-app uses) accepts them.
 */
final class JsonTree {
    private JsonTree() {}

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
            .build();

    /** A value, with the position (1-based line and column) where it starts. */
    sealed interface Node permits Obj, Arr, Str, Num, Bool, Null {
        int line();

        int column();
    }

    /** One member of an object: its key and value, in file order. */
    record Member(String key, Node value) {}

    record Obj(List<Member> members, int line, int column) implements Node {}

    record Arr(List<Node> items, int line, int column) implements Node {}

    record Str(String value, int line, int column) implements Node {}

    /** A number: its text as written, its value, and whether it is written as an integer. */
    record Num(String text, BigDecimal value, boolean integral, int line, int column) implements Node {}

    record Bool(boolean value, int line, int column) implements Node {}

    record Null(int line, int column) implements Node {}

    /** The document is not JSON: where the parser stopped, and why. */
    static final class SyntaxError extends Exception {
        private static final long serialVersionUID = 1L;
        final JPath path;
        final int line;
        final int column;
        final String reason;

        SyntaxError(JPath path, int line, int column, String reason) {
            super(reason);
            this.path = path;
            this.line = line;
            this.column = column;
            this.reason = reason;
        }
    }

    static Node parse(String json) throws SyntaxError {
        try (JsonParser p = FACTORY.createParser(json)) {
            JsonToken t = p.nextToken();
            if (t == null) throw new SyntaxError(JPath.ROOT, 1, 1, "the file is empty");
            Node root = value(p, t);
            JsonToken extra;
            try {
                extra = p.nextToken();
            } catch (JsonProcessingException e) {
                throw syntax(p, e);
            }
            if (extra != null) {
                JsonLocation at = p.currentTokenLocation();
                throw new SyntaxError(JPath.ROOT, at.getLineNr(), at.getColumnNr(), "more text after the end of the document");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new SyntaxError(JPath.ROOT, line(e.getLocation()), column(e.getLocation()), firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new SyntaxError(JPath.ROOT, 1, 1, e.toString()); // a String source does no I/O
        }
    }

    private static Node value(JsonParser p, JsonToken t) throws SyntaxError, IOException {
        JsonLocation at = p.currentTokenLocation();
        int line = at.getLineNr();
        int col = at.getColumnNr();
        try {
            switch (t) {
                case START_OBJECT: {
                    List<Member> members = new ArrayList<>();
                    for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
                        String key = p.currentName();
                        members.add(new Member(key, value(p, p.nextToken())));
                    }
                    return new Obj(List.copyOf(members), line, col);
                }
                case START_ARRAY: {
                    List<Node> items = new ArrayList<>();
                    for (JsonToken i = p.nextToken(); i != JsonToken.END_ARRAY; i = p.nextToken()) items.add(value(p, i));
                    return new Arr(List.copyOf(items), line, col);
                }
                case VALUE_STRING:
                    return new Str(p.getText(), line, col);
                case VALUE_NUMBER_INT:
                    return new Num(p.getText(), new BigDecimal(p.getBigIntegerValue()), true, line, col);
                case VALUE_NUMBER_FLOAT:
                    return new Num(p.getText(), p.getDecimalValue(), false, line, col);
                case VALUE_TRUE:
                    return new Bool(true, line, col);
                case VALUE_FALSE:
                    return new Bool(false, line, col);
                case VALUE_NULL:
                    return new Null(line, col);
                default:
                    throw new SyntaxError(path(p.getParsingContext()), line, col, "unexpected " + t);
            }
        } catch (JsonProcessingException e) {
            throw syntax(p, e);
        }
    }

    private static SyntaxError syntax(JsonParser p, JsonProcessingException e) {
        return new SyntaxError(path(p.getParsingContext()), line(e.getLocation()), column(e.getLocation()),
                firstLine(e.getOriginalMessage()));
    }

    private static int line(JsonLocation l) {
        return l == null ? 1 : l.getLineNr();
    }

    private static int column(JsonLocation l) {
        return l == null ? 1 : l.getColumnNr();
    }

    private static String firstLine(String s) {
        if (s == null) return "not JSON";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** The path of the value the parser was reading, from its context chain. */
    private static JPath path(JsonStreamContext c) {
        List<JsonStreamContext> chain = new ArrayList<>();
        for (JsonStreamContext x = c; x != null && !x.inRoot(); x = x.getParent()) chain.add(0, x);
        JPath p = JPath.ROOT;
        for (JsonStreamContext x : chain) {
            if (x.inObject()) {
                if (x.getCurrentName() != null) p = p.key(x.getCurrentName());
            } else if (x.inArray()) {
                p = p.index(Math.max(0, x.getCurrentIndex()));
            }
        }
        return p;
    }

    /** How a value reads in a message: a string quoted, a number as written, a container by kind. */
    static String render(Node n) {
        return switch (n) {
            case Str s -> quote(s.value());
            case Num x -> x.text();
            case Bool b -> Boolean.toString(b.value());
            case Null x -> "null";
            case Obj o -> "an object";
            case Arr a -> "an array";
        };
    }

    /** A string as JSON writes it, cut to 40 characters. */
    static String quote(String s) {
        String cut = s.length() > 40 ? s.substring(0, 37) + "..." : s;
        StringBuilder b = new StringBuilder("\"");
        for (char c : cut.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                default -> {
                    if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
                }
            }
        }
        return b.append('"').toString();
    }
}
