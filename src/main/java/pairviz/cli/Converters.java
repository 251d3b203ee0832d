package pairviz.cli;

import java.util.function.Function;
import pairviz.PairvizException;
import pairviz.data.DatasetFormat;
import pairviz.explain.HeadFusion;
import pairviz.explain.Mode;
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

    private static <T> T convert(String value, Function<String, T> parse) {
        try {
            return parse.apply(value);
        } catch (PairvizException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }

    /** {@code --mode}: {@link Mode#parse}. */
    static final class ModeConverter implements ITypeConverter<Mode> {
        @Override
        public Mode convert(String value) {
            return Converters.convert(value, Mode::parse);
        }
    }

    /** {@code --head-fusion}: {@link HeadFusion#parse}. */
    static final class HeadFusionConverter implements ITypeConverter<HeadFusion> {
        @Override
        public HeadFusion convert(String value) {
            return Converters.convert(value, HeadFusion::parse);
        }
    }

    /** {@code --pooling}: {@link VitConfig.Pooling#parse}. */
    static final class PoolingConverter implements ITypeConverter<VitConfig.Pooling> {
        @Override
        public VitConfig.Pooling convert(String value) {
            return Converters.convert(value, VitConfig.Pooling::parse);
        }
    }

    /** {@code --loss}: {@link LossKind#of}. */
    static final class LossConverter implements ITypeConverter<LossKind> {
        @Override
        public LossKind convert(String value) {
            return Converters.convert(value, LossKind::of);
        }
    }

    /** {@code --optimizer}: {@link OptimizerKind#of}. */
    static final class OptimizerConverter implements ITypeConverter<OptimizerKind> {
        @Override
        public OptimizerKind convert(String value) {
            return Converters.convert(value, OptimizerKind::of);
        }
    }

    /** {@code --format}: {@link DatasetFormat#of}, or null for {@code auto} (detect it). */
    static final class FormatConverter implements ITypeConverter<DatasetFormat> {
        @Override
        public DatasetFormat convert(String value) {
            return value.strip().equalsIgnoreCase("auto") ? null : Converters.convert(value, DatasetFormat::of);
        }
    }
}
