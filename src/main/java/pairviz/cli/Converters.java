package pairviz.cli;

import java.util.function.Function;
import pairviz.PairvizException;
import pairviz.data.DatasetFormat;
import pairviz.image.PixelRange;
import pairviz.image.ResizePolicy;
import pairviz.explain.HeadFusion;
import pairviz.explain.Mode;
import pairviz.model.Precision;
import pairviz.model.vit.VitConfig;
import pairviz.train.LossKind;
import pairviz.train.OptimizerKind;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Picocli converters of the options that name one of a set of values: each calls the library's
 * own parser (so a value the library gains is accepted here at once), and picocli names the
 * option in the error ("Invalid value for option '--mode': unknown mode 'x': use ...").
 */
final class Converters {
    private Converters() {}

    /** A converter that calls a library parser and reports its complaint as a conversion error. */
    abstract static class Parsing<T> implements ITypeConverter<T> {
        private final Function<String, T> parse;

        Parsing(Function<String, T> parse) {
            this.parse = parse;
        }

        @Override
        public T convert(String value) {
            try {
                return parse.apply(value);
            } catch (PairvizException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** {@code --mode}: {@link Mode#parse}. */
    static final class ModeConverter extends Parsing<Mode> {
        ModeConverter() {
            super(Mode::parse);
        }
    }

    /** {@code --baseline}: {@link pairviz.explain.Baseline#parse}. */
    static final class BaselineConverter extends Parsing<pairviz.explain.Baseline> {
        BaselineConverter() {
            super(pairviz.explain.Baseline::parse);
        }
    }

    /** {@code --head-fusion}: {@link HeadFusion#parse}. */
    static final class HeadFusionConverter extends Parsing<HeadFusion> {
        HeadFusionConverter() {
            super(HeadFusion::parse);
        }
    }

    /** {@code --pooling}: {@link VitConfig.Pooling#parse}. */
    static final class PoolingConverter extends Parsing<VitConfig.Pooling> {
        PoolingConverter() {
            super(VitConfig.Pooling::parse);
        }
    }

    /** {@code --loss}: {@link LossKind#of}. */
    static final class LossConverter extends Parsing<LossKind> {
        LossConverter() {
            super(LossKind::of);
        }
    }

    /** {@code --optimizer}: {@link OptimizerKind#of}. */
    static final class OptimizerConverter extends Parsing<OptimizerKind> {
        OptimizerConverter() {
            super(OptimizerKind::of);
        }
    }

    /** {@code --precision}: {@link Precision#parse}. */
    static final class PrecisionConverter extends Parsing<Precision> {
        PrecisionConverter() {
            super(Precision::parse);
        }
    }

    /** {@code --resize}: {@link ResizePolicy#parse}. */
    static final class ResizeConverter extends Parsing<ResizePolicy> {
        ResizeConverter() {
            super(ResizePolicy::parse);
        }
    }

    /** {@code --pixel-range}: {@link PixelRange#parse}. */
    static final class PixelRangeConverter extends Parsing<PixelRange> {
        PixelRangeConverter() {
            super(PixelRange::parse);
        }
    }

    /** {@code --format}: {@link DatasetFormat#of}, or null for {@code auto} (detect it). */
    static final class FormatConverter extends Parsing<DatasetFormat> {
        FormatConverter() {
            super(v -> v.strip().equalsIgnoreCase("auto") ? null : DatasetFormat.of(v));
        }
    }
}
