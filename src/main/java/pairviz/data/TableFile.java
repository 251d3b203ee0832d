package pairviz.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import pairviz.PairvizException;

/**
 * Reads the index files datasets ship: comma-separated (RFC 4180 quoting, so hotel names with
 * commas survive) or whitespace-separated, with or without a header line. Undecodable bytes are
 * replaced rather than fatal. Every error names the file and, for rows, the line.
 */
final class TableFile implements AutoCloseable {
    private final Path file;
    private final BufferedReader in;
    private final boolean csv;
    private final List<String> header;
    private int line;

    private TableFile(Path file, boolean csv, boolean hasHeader) {
        if (!Files.isRegularFile(file)) {
            throw new PairvizException("file not found: " + file);
        }
        this.file = file;
        this.csv = csv;
        try {
            this.in = new BufferedReader(new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8), 1 << 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (hasHeader) {
            String[] h = next();
            if (h == null) {
                close();
                throw new PairvizException(file + " is empty: expected a header line");
            }
            header = Arrays.stream(h).map(s -> s.strip().toLowerCase(Locale.ROOT)).toList();
        } else {
            header = List.of();
        }
    }

    /** A comma-separated file whose first line names the columns. */
    static TableFile csv(Path file) {
        return new TableFile(file, true, true);
    }

    /** A whitespace-separated file; {@code hasHeader} says whether its first line names the columns. */
    static TableFile whitespace(Path file, boolean hasHeader) {
        return new TableFile(file, false, hasHeader);
    }

    /**
     * The index of the column named {@code name} or one of its {@code aliases} (case-insensitive).
     *
     * @throws PairvizException naming the file, the column and the columns found
     */
    int column(String name, String... aliases) {
        int i = optionalColumn(name, aliases);
        if (i < 0) {
            throw new PairvizException(file + ": missing column '" + name + "' in the header (found: "
                    + String.join(", ", header) + ")");
        }
        return i;
    }

    /** Like {@link #column} but -1 when there is no such column. */
    int optionalColumn(String name, String... aliases) {
        int i = header.indexOf(name.toLowerCase(Locale.ROOT));
        for (int a = 0; i < 0 && a < aliases.length; a++) {
            i = header.indexOf(aliases[a].toLowerCase(Locale.ROOT));
        }
        return i;
    }

    /** The next non-blank row's fields, or null at the end of the file. */
    String[] next() {
        try {
            String[] row;
            do {
                row = csv ? nextCsv() : nextWhitespace();
            } while (row != null && row.length == 1 && row[0].isBlank());
            return row;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Field {@code col} of {@code row}, stripped.
     *
     * @throws PairvizException naming the file and line when the row is too short
     */
    String field(String[] row, int col) {
        if (col >= row.length) {
            throw new PairvizException(file + " line " + line + ": expected at least " + (col + 1)
                    + " fields, found " + row.length);
        }
        return row[col].strip();
    }

    /** An error about the current row. */
    PairvizException error(String what) {
        return new PairvizException(file + " line " + line + ": " + what);
    }

    Path file() {
        return file;
    }

    private String[] nextWhitespace() throws IOException {
        String s = in.readLine();
        if (s == null) {
            return null;
        }
        line++;
        s = stripBom(s).strip();
        return s.isEmpty() ? new String[] {""} : s.split("\\s+");
    }

    private String[] nextCsv() throws IOException {
        String s = in.readLine();
        if (s == null) {
            return null;
        }
        line++;
        if (line == 1) {
            s = stripBom(s);
        }
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        int i = 0;
        while (true) {
            if (i == s.length()) {
                if (!quoted) {
                    break;
                }
                String more = in.readLine(); // a quoted field that spans lines
                if (more == null) {
                    throw error("unterminated quoted field");
                }
                field.append('\n');
                s = more;
                i = 0;
                continue;
            }
            char ch = s.charAt(i++);
            if (quoted) {
                if (ch != '"') {
                    field.append(ch);
                } else if (i < s.length() && s.charAt(i) == '"') {
                    field.append('"');
                    i++;
                } else {
                    quoted = false;
                }
            } else if (ch == '"' && field.isEmpty()) {
                quoted = true;
            } else if (ch == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(ch);
            }
        }
        fields.add(field.toString());
        return fields.toArray(String[]::new);
    }

    private static String stripBom(String s) {
        return s.startsWith("\uFEFF") ? s.substring(1) : s;
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException ignored) {
            // nothing was written; closing a reader cannot lose data
        }
    }
}
