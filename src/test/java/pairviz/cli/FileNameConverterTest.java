package pairviz.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

/** A file: URI on the command line is the local file it names (issue 24: not a relative path "file:"). */
class FileNameConverterTest {
    private final FileNameConverter converter = new FileNameConverter();

    @Test
    void fileUrisAreTheirLocalPaths() {
        assertEquals(Path.of("/data/x y/a.png"), converter.convert("file:///data/x%20y/a.png"));
        assertEquals(Path.of("/data/x y/a.png"), converter.convert("file:///data/x y/a.png"));
        assertEquals(Path.of("/data/a.png"), converter.convert("file:/data/a.png"));
        assertEquals(Path.of("/data/a.png"), converter.convert("FILE://localhost/data/a.png"));
        assertEquals(Path.of("data/a.png"), converter.convert("data/a.png"));
        assertTrue(assertThrows(TypeConversionException.class, () -> converter.convert("file://elsewhere/data"))
                .getMessage().contains("names the host elsewhere"));
    }
}
