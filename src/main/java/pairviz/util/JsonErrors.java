package pairviz.util;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;

/** What is wrong with a file that does not read, in words a user reads: no Jackson internals. */
public final class JsonErrors {
    private JsonErrors() {}

    /**
     * For broken JSON, Jackson's own sentence and where (line, column) without the "Source:
     * REDACTED (StreamReadFeature...)" it appends; for other failures the first line of the
     * message.
     */
    public static String describe(IOException e) {
        if (e instanceof JsonProcessingException j) {
            String what = String.valueOf(j.getOriginalMessage()).lines().findFirst().orElse("").strip()
                    .replaceAll("\\[Source: [^;\\]]*(\\([^)]*\\))?; line: (\\d+), column: (\\d+)\\]", "line $2, column $3");
            JsonLocation at = j.getLocation();
            return "not valid JSON (" + what + (at != null && at.getLineNr() > 0
                    ? ", at line " + at.getLineNr() + ", column " + at.getColumnNr() : "") + ")";
        }
        return String.valueOf(e.getMessage()).lines().findFirst().orElse("");
    }
}
