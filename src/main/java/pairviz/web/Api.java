package pairviz.web;

import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import pairviz.cli.ExplanationJson;
import pairviz.explain.ClassMap;
import pairviz.explain.ClassMapExplainer;
import pairviz.explain.ExplainOptions;
import pairviz.explain.HeadFusion;
import pairviz.explain.ImageFeatures;
import pairviz.explain.Mode;
import pairviz.explain.PairExplainer;
import pairviz.explain.PairExplanation;
import pairviz.explain.RolloutSpec;
import pairviz.explain.TokenSimilarity;
import pairviz.model.EmbeddingModel;
import pairviz.render.Colormap;

/**
 * The handlers of the HTTP API (documented in {@code docs/web-api.md}). Request parsing and
 * uploads happen on the HTTP thread; decoding and the network run on the bounded
 * {@link WorkQueue}.
 */
final class Api {
    /** Most matches {@code /api/retrieve} returns. */
    static final int MAX_K = 50;

    private final Inference inference;
    private final GallerySearch search;
    private final Uploads uploads;
    private final WorkQueue work;
    private final WebOptions options;

    Api(Inference inference, GallerySearch search, Uploads uploads, WorkQueue work, WebOptions options) {
        this.inference = inference;
        this.search = search;
        this.uploads = uploads;
        this.work = work;
        this.options = options;
    }

    /** {@code GET /api/info}: the model, the options, the colormaps, the limits and the gallery's classes. */
    Map<String, Object> info() {
        EmbeddingModel m = inference.model();
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("model", m.config().describe());
        o.put("weights", Path.of(m.source()).getFileName().toString());
        o.put("image_size", m.config().imageSize());
        o.put("grid", List.of(m.config().gridSize(), m.config().gridSize()));
        o.put("modes", List.of(Mode.values()).stream().map(Mode::id).toList());
        o.put("head_fusions", List.of(HeadFusion.values()).stream().map(HeadFusion::id).toList());
        Map<String, int[]> maps = new LinkedHashMap<>();
        for (Colormap c : Colormap.values()) {
            int[] t = new int[Colormap.LEVELS];
            for (int i = 0; i < t.length; i++) {
                t[i] = c.rgb(i);
            }
            maps.put(c.id(), t);
        }
        o.put("colormaps", maps);
        o.put("max_upload_bytes", options.maxUploadBytes());
        o.put("max_pixels", options.maxPixels());
        List<Map<String, Object>> classes = new ArrayList<>();
        search.gallery().classes().forEach((label, images) -> classes.add(Map.of("label", label,
                "images", images.stream().map(Gallery.Image::id).toList())));
        o.put("gallery", Map.of("images", search.size(), "classes", classes));
        return o;
    }

    /** {@code POST /api/explain}: the pair's JSON as {@code pairviz explain --json} writes it, plus S. */
    @SuppressWarnings("try") // the place is held, unused, for the whole request
    Map<String, Object> explain(Context ctx) {
        List<ImageInput> in = new ArrayList<>();
        try (WorkQueue.Admission place = work.admit()) {
            readBody(ctx);
            ExplainOptions opts = options(ctx);
            in.add(input(ctx, "a"));
            in.add(input(ctx, "b"));
            return work.run(() -> {
                List<ImageFeatures> f = inference.features(opts.rollout(), in);
                PairExplanation e = new PairExplainer(opts).explain(f.get(0), f.get(1));
                Map<String, Object> o = new LinkedHashMap<>(ExplanationJson.of(e, Path.of(in.get(0).name()),
                        Path.of(in.get(1).name()), inference.model()));
                o.put("image_size", inference.model().config().imageSize());
                o.put("grid_a", grid(f.get(0)));
                o.put("grid_b", grid(f.get(1)));
                o.put("S", rows(TokenSimilarity.matrix(f.get(0), f.get(1)), f.get(1).gridRows() * f.get(1).gridCols()));
                return o;
            });
        } finally {
            release(in);
        }
    }

    /** {@code POST /api/retrieve}: the query's top gallery matches, each with both paired maps. */
    @SuppressWarnings("try") // the place is held, unused, for the whole request
    Map<String, Object> retrieve(Context ctx) {
        requireGallery();
        List<ImageInput> in = new ArrayList<>();
        try (WorkQueue.Admission place = work.admit()) {
            readBody(ctx);
            ExplainOptions opts = options(ctx);
            int k = intParam(ctx, "k", 8, 1, MAX_K);
            ImageInput query = input(ctx, "query");
            in.add(query);
            return work.run(() -> {
                ImageFeatures q = inference.features(opts.rollout(), in).get(0);
                String exclude = query instanceof ImageInput.FromGallery g ? g.image().id() : null;
                List<GallerySearch.Match> top = search.top(q, k, exclude);
                List<ImageInput> matches = new ArrayList<>();
                top.forEach(t -> matches.add(new ImageInput.FromGallery(t.image())));
                List<ImageFeatures> mf = inference.features(opts.rollout(), matches);
                PairExplainer explainer = new PairExplainer(opts);
                List<Map<String, Object>> out = new ArrayList<>();
                for (int i = 0; i < top.size(); i++) {
                    PairExplanation e = explainer.explain(q, mf.get(i));
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("rank", i + 1);
                    m.put("id", top.get(i).image().id());
                    m.put("class", top.get(i).image().label());
                    m.put("score", e.score());
                    m.put("query_map", e.mapA().toGrid());
                    m.put("match_map", e.mapB().toGrid());
                    out.add(m);
                }
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("query", query.name());
                o.put("mode", opts.mode().id());
                o.put("head_fusion", opts.rollout().fusion().id());
                o.put("start_layer", opts.rollout().startLayer());
                o.put("grid", grid(q));
                o.put("gallery_size", search.size());
                o.put("matches", out);
                return o;
            });
        } finally {
            release(in);
        }
    }

    /** {@code POST /api/classmap}: where the query is similar to a whole gallery class. */
    @SuppressWarnings("try") // the place is held, unused, for the whole request
    Map<String, Object> classMap(Context ctx) {
        requireGallery();
        List<ImageInput> in = new ArrayList<>();
        try (WorkQueue.Admission place = work.admit()) {
            readBody(ctx);
            ExplainOptions opts = options(ctx);
            String label = ctx.formParam("class");
            List<float[]> members = search.members(label);
            ImageInput query = input(ctx, "query");
            in.add(query);
            return work.run(() -> {
                ImageFeatures q = inference.features(opts.rollout(), in).get(0);
                ClassMap c = new ClassMapExplainer(opts).explain(q, members);
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("query", query.name());
                o.put("class", label);
                o.put("members", c.members());
                o.put("score", c.score());
                o.put("mode", opts.mode().id());
                o.put("head_fusion", opts.rollout().fusion().id());
                o.put("start_layer", opts.rollout().startLayer());
                o.put("grid", grid(q));
                o.put("map", c.map().toGrid());
                o.put("sum", c.map().sum());
                List<Map<String, Object>> classes = new ArrayList<>();
                for (GallerySearch.ClassScore s : search.classScores(q)) {
                    classes.add(Map.of("label", s.label(), "members", s.members(), "mean_score", s.meanScore()));
                }
                o.put("classes", classes);
                return o;
            });
        } finally {
            release(in);
        }
    }

    /** {@code GET /api/gallery/image?id=...}: the bytes of one gallery image, typed by its content. */
    void galleryImage(Context ctx) {
        Gallery.Image im = search.gallery().image(ctx.queryParam("id"));
        Path file = search.gallery().open(im);
        ImageHeader header = ImageHeader.read(file);
        if (header == null) {
            throw new HttpError(415, "gallery image '" + im.id() + "' is not an image");
        }
        try {
            InputStream in = Files.newInputStream(file);
            ctx.contentType(header.mimeType());
            ctx.header("Cache-Control", "private, max-age=3600");
            ctx.result(in);
        } catch (IOException e) {
            throw HttpError.notFound("gallery image '" + im.id() + "' cannot be read");
        }
    }

    /**
     * Reads a multipart body (once a place is held), so that a broken one is a 400 and one over
     * the limits a 413, rather than a failure deep inside a handler.
     */
    private void readBody(Context ctx) {
        if (!ctx.isMultipartFormData()) {
            return;
        }
        try {
            ctx.uploadedFileMap(); // Javalin applies the multipart limits and parses every part
        } catch (Exception e) {
            if (isSizeLimit(e)) {
                throw new HttpError(413, "upload over the limit of " + options.maxUploadBytes() + " bytes per image");
            }
            throw HttpError.badRequest("malformed multipart body (" + WebServer.rootMessage(e) + ")");
        }
    }

    /** Jetty's multipart parser refuses a part over the limit with an exception, wrapped in various ways. */
    static boolean isSizeLimit(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String m = t.getMessage();
            if (m != null && (m.contains("exceeds max") || m.contains("exceeds maximum") || m.contains("too large"))) {
                return true;
            }
        }
        return false;
    }

    /** The image a request names in {@code field} (an upload) or {@code field_id} (a gallery id). */
    private ImageInput input(Context ctx, String field) {
        UploadedFile file = ctx.uploadedFile(field);
        String id = ctx.formParam(field + "_id");
        if (file != null && id != null) {
            throw HttpError.badRequest("give either the file '" + field + "' or the gallery id '" + field + "_id', not both");
        }
        if (file != null) {
            if (file.size() > options.maxUploadBytes()) {
                throw uploads.tooLarge(field);
            }
            return uploads.accept(field, file.filename(), file.content());
        }
        if (id != null) {
            return new ImageInput.FromGallery(search.gallery().image(id));
        }
        throw HttpError.badRequest("missing image: send a file in the multipart field '" + field
                + "' or a gallery id in '" + field + "_id'");
    }

    private static void release(List<ImageInput> inputs) {
        for (ImageInput i : inputs) {
            if (i instanceof ImageInput.Uploaded u) {
                Uploads.delete(u.file());
            }
        }
    }

    private void requireGallery() {
        if (search.size() == 0) {
            throw HttpError.notFound("this server has no gallery (it was started without one)");
        }
    }

    /** mode, head_fusion and start_layer from the form; the defaults are the authors'. */
    static ExplainOptions options(Context ctx) {
        Mode mode = Mode.parse(orDefault(ctx.formParam("mode"), Mode.AUTO.id()));
        HeadFusion fusion = HeadFusion.parse(orDefault(ctx.formParam("head_fusion"), HeadFusion.MEAN.id()));
        int start = intParam(ctx, "start_layer", 0, 0, 10_000);
        return new ExplainOptions(mode, new RolloutSpec(fusion, start));
    }

    private static int intParam(Context ctx, String name, int fallback, int min, int max) {
        String v = ctx.formParam(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.strip());
            if (n < min || n > max) {
                throw HttpError.badRequest("'" + name + "' must be between " + min + " and " + max + ", not " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw HttpError.badRequest("'" + name + "' must be a whole number, not '" + Uploads.displayName(v, "") + "'");
        }
    }

    private static String orDefault(String v, String fallback) {
        return v == null || v.isBlank() ? fallback : v;
    }

    private static List<Integer> grid(ImageFeatures f) {
        return List.of(f.gridRows(), f.gridCols());
    }

    private static float[][] rows(float[] matrix, int cols) {
        int n = matrix.length / cols;
        float[][] out = new float[n][cols];
        for (int i = 0; i < n; i++) {
            System.arraycopy(matrix, i * cols, out[i], 0, cols);
        }
        return out;
    }
}
