package pairviz.loading.family;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import pairviz.PairvizException;
import pairviz.image.Normalization;
import pairviz.image.PixelRange;
import pairviz.image.Preprocessing;
import pairviz.image.ResizePolicy;

/**
 * What is known of a network's preprocessing, field by field, each with where it was read
 * ({@link Preprocessing}'s components but the size, which the architecture gives): a family's
 * library defaults, a file beside the weights, the checkpoint's metadata, the user's flags. The
 * first source to say a field wins ({@link #or}); {@link #resolve} fills what nobody said with
 * pairviz's defaults and names those, so that they are said once.
 */
public final class PreprocessingHints {
    /** The fields, by {@link Preprocessing}'s component names. */
    public static final String RESIZE = "resize";
    public static final String CROP = "cropFraction";
    public static final String INTERPOLATION = "interpolation";
    public static final String RANGE = "range";
    public static final String NORM = "norm";
    public static final String BGR = "bgr";

    /** Nothing known. */
    public static final PreprocessingHints NONE = new PreprocessingHints(Map.of(), Map.of());

    /** The OpenAI CLIP / OpenCLIP statistics. */
    public static final Normalization CLIP = new Normalization(new float[] {0.48145466f, 0.4578275f, 0.40821073f},
            new float[] {0.26862954f, 0.26130258f, 0.27577711f});

    private final Map<String, Object> values;
    private final Map<String, String> origin;

    private PreprocessingHints(Map<String, Object> values, Map<String, String> origin) {
        this.values = Map.copyOf(values);
        this.origin = Map.copyOf(origin);
    }

    /** These hints with {@code field} set to {@code value} (from {@code from}) unless already known; null changes nothing. */
    public PreprocessingHints with(String field, Object value, String from) {
        if (value == null || values.containsKey(field)) {
            return this;
        }
        Map<String, Object> v = new LinkedHashMap<>(values);
        Map<String, String> o = new LinkedHashMap<>(origin);
        v.put(field, value);
        o.put(field, from);
        return new PreprocessingHints(v, o);
    }

    /** These hints, with what they lack taken from {@code fallback}. */
    public PreprocessingHints or(PreprocessingHints fallback) {
        PreprocessingHints out = this;
        for (Map.Entry<String, Object> e : fallback.values.entrySet()) {
            out = out.with(e.getKey(), e.getValue(), fallback.origin.get(e.getKey()));
        }
        return out;
    }

    /** Whether nothing is known. */
    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** Where each known field came from. */
    public Map<String, String> origin() {
        return origin;
    }

    /**
     * The preprocessing at input side {@code size}: what is known, pairviz's defaults for the rest
     * (the authors': squash, bilinear, 0..1, ImageNet's statistics, RGB), each default recorded
     * with origin {@code "default"}.
     *
     * @param sizeOrigin where the input size came from
     */
    public Preprocessing resolve(int size, String sizeOrigin) {
        PreprocessingHints all = or(DEFAULTS);
        Map<String, String> o = new LinkedHashMap<>(all.origin);
        o.put("size", sizeOrigin);
        ResizePolicy resize = (ResizePolicy) all.values.get(RESIZE);
        double crop = resize == ResizePolicy.CENTER_CROP ? (Double) all.values.get(CROP) : 1.0;
        return new Preprocessing(size, resize, crop, (String) all.values.get(INTERPOLATION),
                (PixelRange) all.values.get(RANGE), (Normalization) all.values.get(NORM), (Boolean) all.values.get(BGR), o);
    }

    /**
     * The one note on what nothing said (null when the model said everything that matters): the
     * values assumed, each with the parameter that sets it in braces ({@code {norm} imagenet}), as
     * {@link pairviz.BadParameterException} names parameters (the command line renders its flags).
     */
    public String assumed() {
        List<String> parts = new ArrayList<>();
        if (!values.containsKey(NORM)) {
            parts.add("{norm} imagenet");
        }
        if (!values.containsKey(RANGE)) {
            parts.add("{pixel range} 0..1");
        }
        if (!values.containsKey(RESIZE)) {
            parts.add("{resize} squash");
        }
        if (!values.containsKey(BGR)) {
            parts.add("RGB ({bgr} for BGR)");
        }
        return parts.isEmpty() ? null : "nothing in the model says how to preprocess its images; assumed pairviz's default "
                + String.join(", ", parts) + " (set them to change them)";
    }

    /** pairviz's defaults: the authors' preprocessing with ImageNet's statistics. */
    private static final PreprocessingHints DEFAULTS = NONE.with(RESIZE, ResizePolicy.SQUASH, "default")
            .with(CROP, 1.0, "default").with(INTERPOLATION, "bilinear", "default").with(RANGE, PixelRange.UNIT, "default")
            .with(NORM, Normalization.IMAGENET, "default").with(BGR, false, "default");

    /** The authors' preprocessing but the statistics (their checkpoints and pairviz's): squash, bilinear, 0..1, RGB. */
    public static PreprocessingHints authors(String from) {
        return NONE.with(RESIZE, ResizePolicy.SQUASH, from).with(CROP, 1.0, from).with(INTERPOLATION, "bilinear", from)
                .with(RANGE, PixelRange.UNIT, from).with(BGR, false, from);
    }

    /** A library's ImageNet evaluation transform: shorter side to S / crop, centre crop, 0..1, ImageNet statistics, RGB. */
    public static PreprocessingHints imagenetCrop(double crop, String interpolation, String from) {
        return centreCrop(crop, interpolation, Normalization.IMAGENET, from);
    }

    /** Shorter side to S / crop, centre crop, 0..1, {@code norm}, RGB. */
    public static PreprocessingHints centreCrop(double crop, String interpolation, Normalization norm, String from) {
        return NONE.with(RESIZE, ResizePolicy.CENTER_CROP, from).with(CROP, crop, from)
                .with(INTERPOLATION, interpolation, from).with(RANGE, PixelRange.UNIT, from).with(NORM, norm, from)
                .with(BGR, false, from);
    }

    /**
     * pairviz's own keys, in a checkpoint's metadata strings or a JSON object (a TorchScript
     * archive's {@code pairviz.json}): {@code norm} ({@code imagenet}, {@code sop} or
     * {@code R,G,B:R,G,B}) or {@code mean} and {@code std}, {@code resize}, {@code crop_fraction},
     * {@code interpolation}, {@code pixel_range}, {@code bgr}.
     *
     * @throws PairvizException naming {@code from} and the key of a malformed value
     */
    public static PreprocessingHints ofKeys(Map<String, String> m, String from) {
        try {
            PreprocessingHints h = NONE;
            if (m.get("mean") != null || m.get("std") != null) {
                h = h.with(NORM, Normalization.parse(triple(m.get("mean")) + ":" + triple(m.get("std"))), from);
            }
            h = h.with(NORM, m.get("norm") == null ? null : Normalization.parse(m.get("norm")), from);
            h = h.with(RESIZE, m.get("resize") == null ? null : ResizePolicy.parse(m.get("resize")), from);
            if (m.get("crop_fraction") != null) {
                double c = Double.parseDouble(m.get("crop_fraction").strip());
                if (!(c > 0 && c <= 1)) {
                    throw new PairvizException("crop_fraction " + c + " is not in (0, 1]");
                }
                h = h.with(CROP, c, from);
            }
            if (m.get("interpolation") != null) {
                h = h.with(INTERPOLATION, interpolation(m.get("interpolation")), from);
            }
            h = h.with(RANGE, m.get("pixel_range") == null ? null : PixelRange.parse(m.get("pixel_range")), from);
            if (m.get("bgr") != null) {
                String b = m.get("bgr").strip().toLowerCase(Locale.ROOT);
                if (!b.equals("true") && !b.equals("false")) {
                    throw new PairvizException("bgr '" + m.get("bgr") + "' is neither true nor false");
                }
                h = h.with(BGR, Boolean.parseBoolean(b), from);
            }
            return h;
        } catch (PairvizException | NumberFormatException e) {
            throw new PairvizException(from + ": " + e.getMessage());
        }
    }

    /** {@link #ofKeys} of a JSON object's members (arrays of numbers become comma-separated). */
    public static PreprocessingHints ofJson(JsonNode json, String from) {
        Map<String, String> m = new LinkedHashMap<>();
        json.fields().forEachRemaining(e -> {
            JsonNode v = e.getValue();
            if (v.isArray()) {
                List<String> items = new ArrayList<>();
                v.forEach(x -> items.add(x.asText()));
                m.put(e.getKey(), String.join(",", items));
            } else if (!v.isNull() && !v.isContainerNode()) {
                m.put(e.getKey(), v.asText());
            }
        });
        return ofKeys(m, from);
    }

    /**
     * A Hugging Face image processor's {@code preprocessor_config.json}: {@code do_resize},
     * {@code size} ({@code shortest_edge}, or {@code height} and {@code width}), {@code crop_size},
     * {@code do_center_crop}, {@code resample} (2 bilinear, 3 bicubic), {@code do_rescale} and
     * {@code rescale_factor}, {@code do_normalize}, {@code image_mean}, {@code image_std}.
     */
    public static PreprocessingHints ofHuggingFace(JsonNode p, String from) {
        PreprocessingHints h = NONE;
        boolean centre = p.path("do_center_crop").asBoolean(false);
        JsonNode size = p.path("size");
        Integer shortest = size.isInt() ? Integer.valueOf(size.asInt())
                : size.has("shortest_edge") ? Integer.valueOf(size.get("shortest_edge").asInt()) : null;
        if (centre && shortest != null) {
            JsonNode c = p.path("crop_size");
            int crop = c.isInt() ? c.asInt() : c.path("height").asInt(shortest);
            h = h.with(RESIZE, ResizePolicy.CENTER_CROP, from).with(CROP, Math.min(1.0, crop / (double) shortest), from);
        } else if (p.path("do_resize").asBoolean(true)) {
            h = h.with(RESIZE, ResizePolicy.SQUASH, from).with(CROP, 1.0, from);
        }
        int resample = p.path("resample").asInt(-1);
        h = h.with(INTERPOLATION, resample == 3 ? "bicubic" : resample == 2 ? "bilinear" : null, from);
        if (!p.path("do_rescale").asBoolean(true)) {
            h = h.with(RANGE, PixelRange.BYTE, from);
        } else if (p.has("rescale_factor")) {
            double f = p.get("rescale_factor").asDouble();
            h = h.with(RANGE, Math.abs(f * 255 - 1) < 1e-6 ? PixelRange.UNIT : Math.abs(f - 1) < 1e-9 ? PixelRange.BYTE : null, from);
        } else {
            h = h.with(RANGE, PixelRange.UNIT, from);
        }
        if (!p.path("do_normalize").asBoolean(true)) {
            h = h.with(NORM, new Normalization(new float[] {0, 0, 0}, new float[] {1, 1, 1}), from);
        } else if (p.path("image_mean").isArray() && p.path("image_std").isArray()) {
            h = h.with(NORM, new Normalization(floats(p.get("image_mean")), floats(p.get("image_std"))), from);
        }
        return h.with(BGR, false, from);
    }

    /**
     * timm's pretrained configuration ({@code pretrained_cfg} of its {@code config.json}):
     * {@code interpolation}, {@code mean}, {@code std}, {@code crop_pct}, {@code crop_mode}.
     */
    public static PreprocessingHints ofTimm(JsonNode cfg, String from) {
        PreprocessingHints h = NONE;
        String mode = cfg.path("crop_mode").asText("center");
        if (cfg.has("crop_pct")) {
            h = "squash".equals(mode) ? h.with(RESIZE, ResizePolicy.SQUASH, from).with(CROP, 1.0, from)
                    : h.with(RESIZE, ResizePolicy.CENTER_CROP, from).with(CROP, Math.min(1.0, cfg.get("crop_pct").asDouble()), from);
        }
        if (cfg.has("interpolation")) {
            String i = cfg.get("interpolation").asText();
            h = h.with(INTERPOLATION, i.equals("bicubic") || i.equals("bilinear") ? i : null, from);
        }
        if (cfg.path("mean").isArray() && cfg.path("std").isArray()) {
            h = h.with(NORM, new Normalization(floats(cfg.get("mean")), floats(cfg.get("std"))), from);
        }
        return h.with(RANGE, PixelRange.UNIT, from).with(BGR, false, from);
    }

    /** The Hugging Face {@code preprocessor_config.json} beside the weights, or nothing. */
    public static PreprocessingHints huggingFaceBeside(CheckpointSource source) {
        JsonNode p = json(source, "preprocessor_config.json");
        return p == null ? NONE : ofHuggingFace(p, "preprocessor_config.json");
    }

    /**
     * timm's pretrained configuration: {@code pretrained_cfg} in the {@code config.json} beside the
     * weights (timm's Hugging Face layout), else in the checkpoint's metadata; or nothing.
     */
    public static PreprocessingHints timmBeside(CheckpointSource source) {
        JsonNode config = json(source, "config.json");
        if (config != null && config.path("pretrained_cfg").isObject()) {
            return ofTimm(config.get("pretrained_cfg"), "config.json pretrained_cfg");
        }
        String meta = source.metadata().get("pretrained_cfg");
        if (meta != null) {
            try {
                return ofTimm(pairviz.util.JsonFiles.MAPPER.readTree(meta), "metadata pretrained_cfg");
            } catch (java.io.IOException e) {
                throw new PairvizException("checkpoint " + source.name() + ": metadata pretrained_cfg is not JSON");
            }
        }
        return NONE;
    }

    private static JsonNode json(CheckpointSource source, String name) {
        java.nio.file.Path f = source.beside(name).orElse(null);
        if (f == null) {
            return null;
        }
        try {
            return pairviz.util.JsonFiles.MAPPER.readTree(f.toFile());
        } catch (java.io.IOException e) {
            throw new PairvizException("checkpoint " + source.name() + ": " + name + " beside it is not JSON ("
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + ")");
        }
    }

    private static String interpolation(String s) {
        String t = s.strip().toLowerCase(Locale.ROOT);
        if (!t.equals("bilinear") && !t.equals("bicubic")) {
            throw new PairvizException("interpolation '" + s + "' is neither bilinear nor bicubic");
        }
        return t;
    }

    private static String triple(String s) {
        if (s == null) {
            throw new PairvizException("mean and std must be given together");
        }
        return s.replace("[", "").replace("]", "");
    }

    private static float[] floats(JsonNode a) {
        if (a.size() != 3) {
            throw new PairvizException("expected 3 channel values, not " + a);
        }
        return new float[] {(float) a.get(0).asDouble(), (float) a.get(1).asDouble(), (float) a.get(2).asDouble()};
    }

}
