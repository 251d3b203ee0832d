package pairviz.web;

import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import pairviz.gallery.Gallery;
import pairviz.explain.Baseline;
import pairviz.explain.ClassMap;
import pairviz.explain.ClassMapExplainer;
import pairviz.explain.ExplainOptions;
import pairviz.explain.HeadFusion;
import pairviz.explain.ImageFeatures;
import pairviz.explain.IntegratedGradientsSpec;
import pairviz.explain.Mode;
import pairviz.explain.PairExplainer;
import pairviz.explain.PairExplanation;
import pairviz.explain.RolloutSpec;
import pairviz.explain.TokenSimilarity;
import pairviz.loading.EmbeddingModel;
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
    private final GalleryFiles files;
    private final Gallery gallery;
    /** Image id to its index in {@link #gallery} (images that could not be read are not searchable). */
    private final Map<String, Integer> searchable = new HashMap<>();
    private final Uploads uploads;
    private final WorkQueue work;
    private final WebOptions options;
    /** Whether the gallery is the generated {@link Examples} (no gallery was given). */
    private final boolean generated;

    /**
     * @param files the images the server may read
     * @param gallery the embeddings of those of {@code files} that could be read
     * @param generated whether {@code files} are the generated {@link Examples}
     */
    Api(Inference inference, GalleryFiles files, Gallery gallery, boolean generated, Uploads uploads, WorkQueue work,
            WebOptions options) {
        this.generated = generated;
        this.inference = inference;
        this.files = files;
        this.gallery = gallery;
        for (int i = 0; i < gallery.size(); i++) {
            searchable.put(image(i).id(), i);
        }
        this.uploads = uploads;
        this.work = work;
        this.options = options;
    }

    /**
     * {@code GET /api/info}: the model, how it prepares photos ({@link pairviz.image.Preprocessing#toJson}),
     * the options, the colormaps, the limits and the gallery's classes.
     */
    Map<String, Object> info() {
        EmbeddingModel m = inference.model();
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("model", m.config().describe());
        o.put("weights", Path.of(m.source()).getFileName().toString());
        o.put("image_size", m.config().imageSize());
        o.put("preprocessing", m.preprocessing().toJson());
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
        // only the images that were embedded: one skipped at start-up (unreadable) cannot be used
        java.util.Set<Path> embedded = new java.util.HashSet<>();
        gallery.samples().forEach(sample -> sample.path().ifPresent(p -> embedded.add(p.toAbsolutePath().normalize())));
        List<String> example = new ArrayList<>();
        files.classes().forEach((label, images) -> {
            List<GalleryFiles.Image> usable = images.stream()
                    .filter(im -> embedded.contains(im.file().toAbsolutePath().normalize())).toList();
            if (!usable.isEmpty()) {
                classes.add(Map.of("label", label, "images", usable.stream().map(GalleryFiles.Image::id).toList(),
                        "names", usable.stream().map(files::name).toList()));
            }
            if (example.isEmpty() && usable.size() >= 2) {
                example.add(usable.get(0).id());
                example.add(usable.get(1).id());
            }
        });
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("images", gallery.size());
        g.put("classes", classes);
        g.put("generated", generated);
        o.put("gallery", g);
        // the pair the page opens on: the first two images of the first class that has two
        o.put("example", example.isEmpty() ? null : Map.of("a", example.get(0), "b", example.get(1)));
        return o;
    }

    /**
     * Whether maps in these options take gradients on this network ({@link Mode#AUTO} does for a
     * transformer): such a request runs in the work queue's gradient lane.
     */
    private boolean takesGradients(ExplainOptions opts) {
        return opts.mode().gradient() || opts.mode() == Mode.AUTO && inference.model().config().attentionLayers() > 0;
    }

    /**
     * {@code POST /api/explain}: the pair's JSON as {@code pairviz explain --json} writes it, plus S
     * and both map pictures as {@code explain} draws them ({@link PanelPictures}).
     */
    @SuppressWarnings("try") // the place is held, unused, for the whole request
    Map<String, Object> explain(Context ctx) {
        List<ImageInput> in = new ArrayList<>();
        readBody(ctx); // whole, before a place is taken: a slow client holds no place while it sends
        try (WorkQueue.Admission place = work.admit()) {
            ExplainOptions opts = options(ctx);
            in.add(input(ctx, "a"));
            in.add(input(ctx, "b"));
            return work.run(() -> {
                List<Inference.Seen> seen = inference.seen(opts.rollout(), in);
                List<ImageFeatures> f = seen.stream().map(Inference.Seen::features).toList();
                PairExplanation e = new PairExplainer(opts).explain(f.get(0), f.get(1));
                Map<String, Object> o = e.toJson(Path.of(in.get(0).name()), Path.of(in.get(1).name()), inference.model(),
                        seen.get(0).placement(), seen.get(1).placement());
                o.put("image_size", inference.model().config().imageSize());
                o.put("grid_a", grid(f.get(0)));
                o.put("grid_b", grid(f.get(1)));
                o.put("S", rows(TokenSimilarity.matrix(f.get(0), f.get(1)), f.get(1).gridRows() * f.get(1).gridCols()));
                int size = inference.model().preprocessing().size();
                String[] pics = PanelPictures.pair(PanelPictures.base(seen.get(0), size, PanelPictures.PAIR_SIDE),
                        e.mapA(), PanelPictures.base(seen.get(1), size, PanelPictures.PAIR_SIDE), e.mapB(),
                        colormap(ctx));
                o.put("pictures", Map.of("a", pics[0], "b", pics[1]));
                return o;
            }, takesGradients(opts));
        } finally {
            release(in);
        }
    }

    /** {@code POST /api/retrieve}: the query's top gallery matches, each with both paired maps and their pictures. */
    @SuppressWarnings("try") // the place is held, unused, for the whole request
    Map<String, Object> retrieve(Context ctx) {
        requireGallery();
        List<ImageInput> in = new ArrayList<>();
        readBody(ctx); // whole, before a place is taken: a slow client holds no place while it sends
        try (WorkQueue.Admission place = work.admit()) {
            ExplainOptions opts = options(ctx);
            int k = intParam(ctx, "k", 8, 1, MAX_K);
            ImageInput query = input(ctx, "query");
            in.add(query);
            return work.run(() -> {
                Inference.Seen qs = inference.seen(opts.rollout(), in).get(0);
                ImageFeatures q = qs.features();
                List<Gallery.Match> top = gallery.top(q.beta(), k, self(query), null);
                List<ImageInput> matches = new ArrayList<>();
                top.forEach(t -> matches.add(new ImageInput.FromGallery(image(t.index()))));
                List<Inference.Seen> ms = inference.seen(opts.rollout(), matches);
                List<ImageFeatures> mf = ms.stream().map(Inference.Seen::features).toList();
                int size = inference.model().preprocessing().size();
                Colormap colormap = colormap(ctx);
                pairviz.render.PhotoOverlay.Base queryShown = PanelPictures.base(qs, size, PanelPictures.SMALL_SIDE);
                // together: in a gradient mode the query goes forward once for all its matches
                List<PairExplanation> explained = new PairExplainer(opts).explainPairs(java.util.Collections.nCopies(mf.size(), q), mf);
                List<Map<String, Object>> out = new ArrayList<>();
                for (int i = 0; i < top.size(); i++) {
                    PairExplanation e = explained.get(i);
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("rank", i + 1);
                    m.put("id", image(top.get(i).index()).id());
                    m.put("class", top.get(i).sample().label());
                    m.put("score", e.score());
                    m.put("query_map", e.mapA().toGrid());
                    m.put("match_map", e.mapB().toGrid());
                    String[] pics = PanelPictures.pair(queryShown, e.mapA(),
                            PanelPictures.base(ms.get(i), size, PanelPictures.SMALL_SIDE), e.mapB(), colormap);
                    m.put("query_picture", pics[0]);
                    m.put("match_picture", pics[1]);
                    out.add(m);
                }
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("query", query.name());
                o.putAll(opts.toJson());
                o.put("grid", grid(q));
                o.put("gallery_size", gallery.size());
                o.put("matches", out);
                return o;
            }, takesGradients(opts));
        } finally {
            release(in);
        }
    }

    /** {@code POST /api/classmap}: where the query is similar to a whole gallery class. */
    @SuppressWarnings("try") // the place is held, unused, for the whole request
    Map<String, Object> classMap(Context ctx) {
        requireGallery();
        List<ImageInput> in = new ArrayList<>();
        readBody(ctx); // whole, before a place is taken: a slow client holds no place while it sends
        try (WorkQueue.Admission place = work.admit()) {
            ExplainOptions opts = options(ctx);
            String label = ctx.formParam("class");
            files.members(label); // 404 for an unknown class
            ImageInput query = input(ctx, "query");
            in.add(query);
            // the query is left out of its own class, as `pairviz classmap` leaves it out
            int self = self(query);
            List<float[]> members = gallery.members(label, self);
            if (members.isEmpty()) {
                throw HttpError.notFound("gallery class '" + label + "' has no readable images"
                        + (self == Gallery.NONE ? "" : " besides the query"));
            }
            return work.run(() -> {
                Inference.Seen qs = inference.seen(opts.rollout(), in).get(0);
                ImageFeatures q = qs.features();
                ClassMap c = new ClassMapExplainer(opts).explain(q, members);
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("query", query.name());
                o.put("class", label);
                o.put("members", c.members());
                o.put("score", c.score());
                o.putAll(opts.toJson());
                o.put("grid", grid(q));
                o.put("map", c.map().toGrid());
                o.put("sum", c.map().sum());
                o.put("picture", PanelPictures.single(PanelPictures.base(qs, inference.model().preprocessing().size(),
                        PanelPictures.SMALL_SIDE), c.map(), colormap(ctx)));
                List<Map<String, Object>> classes = new ArrayList<>();
                for (Gallery.ClassScore s : gallery.classScores(q.beta(), self)) {
                    classes.add(Map.of("label", s.label(), "members", s.members(), "mean_score", s.meanScore()));
                }
                o.put("classes", classes);
                return o;
            }, takesGradients(opts));
        } finally {
            release(in);
        }
    }

    /** {@code GET /api/gallery/image?id=...}: the bytes of one gallery image, typed by its content. */
    void galleryImage(Context ctx) {
        GalleryFiles.Image im = files.image(ctx.queryParam("id"));
        Path file = files.open(im);
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
    /** Largest body of a request that is not multipart: gallery ids and options only. */
    static final int MAX_FORM_BYTES = 64 << 10;

    /**
     * Reads the whole body. A multipart body is parsed within its limits; any other body must be
     * an urlencoded form that declares its length (a chunked one could grow without limit) of at
     * most {@link #MAX_FORM_BYTES}. How slowly a body may arrive is bounded by the server's
     * minimum request data rate ({@link WebServer}).
     */
    private void readBody(Context ctx) {
        if (!ctx.isMultipartFormData()) {
            String type = String.valueOf(ctx.contentType()).toLowerCase(java.util.Locale.ROOT);
            long length = ctx.req().getContentLengthLong();
            boolean chunked = ctx.header("Transfer-Encoding") != null;
            if (length <= 0 && !chunked) {
                return; // no body: everything is in the query string
            }
            if (!type.startsWith("application/x-www-form-urlencoded")) {
                throw new HttpError(415, "the body must be multipart/form-data or application/x-www-form-urlencoded, not "
                        + Uploads.displayName(ctx.contentType() == null ? "none" : ctx.contentType(), "?"));
            }
            if (chunked || length < 0) {
                throw new HttpError(411, "an urlencoded body must declare its length (Content-Length)");
            }
            if (length > MAX_FORM_BYTES) {
                throw new HttpError(413, "urlencoded body of " + length + " bytes is over the limit of " + MAX_FORM_BYTES
                        + " bytes (upload images as multipart/form-data)");
            }
            ctx.formParamMap(); // reads it now, while no place is held
            return;
        }
        try {
            ctx.uploadedFileMap(); // Javalin applies the multipart limits and parses every part
        } catch (Exception e) {
            if (isSizeLimit(e)) {
                throw new HttpError(413, "upload over the limit of " + options.maxUploadBytes() + " bytes per image");
            }
            if (WebServer.rootMessage(e).contains("data rate")) {
                throw new HttpError(408, "the request body arrived too slowly (under "
                        + WebServer.MIN_BODY_BYTES_PER_SECOND + " bytes per second)");
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
            return new ImageInput.FromGallery(files.image(id));
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

    /** The index-file entry of gallery image {@code index}. */
    private GalleryFiles.Image image(int index) {
        return files.byFile(gallery.samples().get(index).path().orElseThrow()).orElseThrow();
    }

    /** The gallery index of a query that is a searchable gallery image, else {@link Gallery#NONE}. */
    private int self(ImageInput query) {
        return query instanceof ImageInput.FromGallery g ? searchable.getOrDefault(g.image().id(), Gallery.NONE) : Gallery.NONE;
    }

    private void requireGallery() {
        if (gallery.size() == 0) {
            throw HttpError.notFound("this server has no gallery (it was started without one)");
        }
    }

    /**
     * mode, head_fusion, start_layer and (integrated gradients) steps and baseline from the form;
     * the defaults are the command line's: mode {@code auto} (pairviz's recommendation for the
     * network, {@link Mode#AUTO}), mean head fusion, start layer 0.
     */
    static ExplainOptions options(Context ctx) {
        Mode mode = Mode.parse(orDefault(ctx.formParam("mode"), Mode.AUTO.id()));
        HeadFusion fusion = HeadFusion.parse(orDefault(ctx.formParam("head_fusion"), HeadFusion.MEAN.id()));
        int start = intParam(ctx, "start_layer", 0, 0, 10_000);
        int steps = intParam(ctx, "steps", IntegratedGradientsSpec.DEFAULT_STEPS, 1, IntegratedGradientsSpec.MAX_STEPS);
        Baseline baseline = Baseline.parse(orDefault(ctx.formParam("baseline"), IntegratedGradientsSpec.DEFAULT.baseline().id()));
        return new ExplainOptions(mode, new RolloutSpec(fusion, start), new IntegratedGradientsSpec(steps, baseline));
    }

    /** The form's {@code colormap} (default jet), that the server's pictures are drawn in. */
    private static Colormap colormap(Context ctx) {
        return Colormap.parse(orDefault(ctx.formParam("colormap"), Colormap.JET.id())); // unknown: 400, as a bad mode
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
