package pairviz.cli;

import java.nio.file.Path;
import java.util.List;
import pairviz.data.DatasetFormat;
import picocli.CommandLine.Option;

/** {@code --format}: a dataset's layout, detected unless given (every command that reads a dataset). */
final class FormatMixin {
    @Option(names = "--format", defaultValue = "auto", paramLabel = "NAME", converter = Converters.FormatConverter.class,
            completionCandidates = Names.class,
            description = "Dataset layout: auto (detected from its files) or one of ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    DatasetFormat format;

    /** The formats' names, listed by {@code --help}. */
    static final class Names implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return java.util.Arrays.stream(DatasetFormat.values()).map(f -> f.key).iterator();
        }
    }

    /** The format of the dataset at {@code root}. */
    DatasetFormat of(Path root) {
        return DatasetFormat.resolve(format, root);
    }

    /** The one format of the datasets at {@code roots}. */
    DatasetFormat of(List<Path> roots) {
        return DatasetFormat.resolve(format, roots);
    }
}
