package pairviz.explain;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * SmoothGrad (Smilkov et al. 2017) over gradient-weighted rollout: the mean of the
 * {@link GradientRollout} maps of {@value #SAMPLES} copies of the image with Gaussian noise of
 * standard deviation {@value #NOISE} times the input's range (max - min) added to every pixel, each
 * toward the same partner. Averaging removes the noise of single gradients, which can flip which
 * half of a map follows which partner. The noise is seeded by the image's own pixels, so a map is
 * reproducible. Costs {@value #SAMPLES} backward passes a map. Transformers only.
 */
final class SmoothGradRollout implements MapMethod {
    static final SmoothGradRollout INSTANCE = new SmoothGradRollout();
    /** Noisy copies per map. */
    static final int SAMPLES = 8;
    /** Noise standard deviation as a fraction of the input's range (SmoothGrad's 10-20%). */
    static final double NOISE = 0.15;

    private SmoothGradRollout() {}

    @Override
    public List<Attribution> maps(List<ImageFeatures> images, List<Target> targets, ExplainOptions options) {
        MapMethod.requireOnePerImage(images, targets);
        pairviz.loading.EmbeddingModel model = Origins.extractorOf(images, Mode.SMOOTH_GRAD_ROLLOUT).model();
        List<float[]> noisy = new ArrayList<>(images.size() * SAMPLES);
        List<double[]> repeated = new ArrayList<>(images.size() * SAMPLES);
        for (int i = 0; i < images.size(); i++) {
            float[] x = Origins.require(images.get(i), Mode.SMOOTH_GRAD_ROLLOUT).pixels().get();
            float lo = Float.POSITIVE_INFINITY;
            float hi = Float.NEGATIVE_INFINITY;
            for (float v : x) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            double sigma = NOISE * (hi - lo);
            Random random = new Random(java.util.Arrays.hashCode(x));
            for (int k = 0; k < SAMPLES; k++) {
                float[] p = new float[x.length];
                for (int j = 0; j < x.length; j++) {
                    p[j] = (float) (x[j] + sigma * random.nextGaussian());
                }
                noisy.add(p);
                repeated.add(targets.get(i).direction());
            }
        }
        List<Attribution> each = GradientRollout.ofPixels(model, images.get(0), noisy, repeated, options.rollout());
        List<Attribution> out = new ArrayList<>(images.size());
        for (int i = 0; i < images.size(); i++) {
            Heatmap first = each.get(i * SAMPLES).map();
            float[] mean = new float[first.values().length];
            for (int k = 0; k < SAMPLES; k++) {
                float[] v = each.get(i * SAMPLES + k).map().values();
                for (int j = 0; j < mean.length; j++) {
                    mean[j] += v[j] / SAMPLES;
                }
            }
            out.add(Attribution.of(new Heatmap(first.rows(), first.cols(), mean)));
        }
        return out;
    }

    @Override
    public boolean rolloutApplied(ImageFeatures image, ExplainOptions options) {
        return GradientRollout.INSTANCE.rolloutApplied(image, options);
    }
}
