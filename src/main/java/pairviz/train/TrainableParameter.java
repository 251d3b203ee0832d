package pairviz.train;

import ai.djl.nn.Parameter;

import java.util.Objects;

/**
 * A learnable tensor handed to {@link PyTorchSgd} with its learning-rate multiplier: the
 * optimizer uses {@code schedule.lr(step) * lrMultiplier} for it (a PyTorch param group with its
 * own {@code lr} / {@code max_lr}).
 *
 * @param name a readable name (e.g. {@code "proxy_anchor.proxies"}), used by the optimizer's
 *     no-weight-decay rule and in messages
 * @param parameter the DJL parameter; its array is updated in place
 * @param lrMultiplier factor on the scheduled learning rate, positive
 */
public record TrainableParameter(String name, Parameter parameter, double lrMultiplier) {

    public TrainableParameter {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(parameter, "parameter");
        if (!(lrMultiplier > 0) || !Double.isFinite(lrMultiplier)) {
            throw new IllegalArgumentException(
                    "learning-rate multiplier of " + name + " must be positive, got " + lrMultiplier);
        }
    }
}
