package pairviz.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The value of a {@code MIN-MAX} option ({@code --scale 0.08-0.16}, {@code --crop-scale 0.5-1}); a
 * single number means MIN = MAX. Picocli converts it ({@link Converter}, {@link Whole}) and names
 * the option in its error.
 */
record Range(double min, double max) {

    /** Parses {@code MIN-MAX} or a single number. */
    static Range parse(String text) {
        String[] parts = text.strip().split("\\s*-\\s*", -1);
        try {
            if (parts.length == 1) {
                double v = Double.parseDouble(parts[0]);
                return new Range(v, v);
            }
            if (parts.length == 2) {
                return new Range(Double.parseDouble(parts[0]), Double.parseDouble(parts[1]));
            }
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new TypeConversionException("must be MIN-MAX or a single number, got '" + text + "'");
    }

    int minInt() {
        return (int) min;
    }

    int maxInt() {
        return (int) max;
    }

    /** Converts a range of numbers. */
    static final class Converter implements ITypeConverter<Range> {
        @Override
        public Range convert(String value) {
            return parse(value);
        }
    }

    /** Converts a range of whole numbers. */
    static final class Whole implements ITypeConverter<Range> {
        @Override
        public Range convert(String value) {
            Range r = parse(value);
            if (r.min != Math.rint(r.min) || r.max != Math.rint(r.max)) {
                throw new TypeConversionException("must be whole numbers MIN-MAX, got '" + value + "'");
            }
            return r;
        }
    }
}
