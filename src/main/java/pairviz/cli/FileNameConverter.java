package pairviz.cli;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Every file name on the command line. Java decodes the arguments and encodes file names in the
 * locale's character set ({@code sun.jnu.encoding}, which Java 17 takes from the locale alone and
 * no {@code -D} option changes): in a locale that is not UTF-8 ({@code LANG=C}) a non-ASCII name
 * cannot be used at all, and in any locale a name whose bytes are not valid in it reaches pairviz
 * with those bytes replaced (U+FFFD), so that the file cannot be found by it. Both are said as
 * such, not as a file that does not exist. The {@code ./pairviz} launcher runs Java in a UTF-8
 * locale when the user's is not. A {@code file:} URI ({@code file:///PATH}, {@code file:/PATH},
 * {@code file://localhost/PATH}) is the local file it names, not a relative path "file:".
 */
final class FileNameConverter implements ITypeConverter<Path> {
    /** What Java makes of bytes it cannot decode in an argument. */
    private static final char REPLACEMENT = '\uFFFD';

    @Override
    public Path convert(String value) {
        if (value.regionMatches(true, 0, "file:", 0, 5)) {
            value = fileUriPath(value);
        }
        String charset = System.getProperty("sun.jnu.encoding", "UTF-8");
        Path p;
        try {
            p = Path.of(value);
        } catch (InvalidPathException e) {
            if (value.indexOf('\0') >= 0) {
                throw new TypeConversionException("a file name cannot hold a NUL character");
            }
            throw new TypeConversionException("'" + shown(value) + "' cannot be a file name under this locale, whose file "
                    + "names are " + charset + ": run pairviz under a UTF-8 locale, e.g. LC_ALL=C.UTF-8 (./pairviz does)");
        }
        if (value.indexOf(REPLACEMENT) >= 0 && !Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new TypeConversionException("the file name '" + shown(value) + "' holds bytes that are not valid " + charset
                    + " (shown as ?), which Java cannot pass on: rename the file (convmv does it)");
        }
        return p;
    }

    /** The local path of a file: URI (percent escapes decoded when the URI is well formed). */
    private static String fileUriPath(String uri) {
        String rest = uri.substring("file:".length());
        if (rest.startsWith("//")) {
            int slash = rest.indexOf('/', 2);
            String host = rest.substring(2, slash < 0 ? rest.length() : slash);
            if (!host.isEmpty() && !host.equalsIgnoreCase("localhost")) {
                throw new TypeConversionException("'" + shown(uri) + "' names the host " + shown(host)
                        + ": a file: URI names this machine's files (file:///PATH)");
            }
            rest = slash < 0 ? "/" : rest.substring(slash);
        }
        try {
            return new java.net.URI("file://" + rest).getPath();
        } catch (java.net.URISyntaxException e) {
            return rest; // written with spaces and the like, unescaped: the path as written
        }
    }

    /** The name with undecodable and control characters as '?', cut to a readable length. */
    private static String shown(String value) {
        String s = value.replace(REPLACEMENT, '?').replaceAll("\\p{Cntrl}", "?");
        return s.length() <= 120 ? s : s.substring(0, 117) + "...";
    }
}
