package pairviz.train;

import pairviz.PairvizException;

/**
 * PyTorch's {@code torch.optim.lr_scheduler.OneCycleLR} with {@code anneal_strategy='cos'},
 * {@code three_phase=False} and {@code cycle_momentum=True}, as a pure function of the step.
 *
 * <p>With {@code initialLr = maxLr / divFactor} and {@code minLr = initialLr / finalDivFactor},
 * two phases end at {@code e1 = pctStart * totalSteps - 1} (a double, not rounded) and {@code e2 =
 * totalSteps - 1}. Step {@code t <= e1}: {@code pct = t / e1}, lr anneals initialLr -> maxLr and
 * momentum maxMomentum -> baseMomentum; otherwise {@code pct = (t - e1) / (e2 - e1)}, lr anneals
 * maxLr -> minLr and momentum baseMomentum -> maxMomentum. Cosine annealing from {@code a} to
 * {@code b}: {@code b + (a - b) / 2 * (cos(pi * pct) + 1)}. Like PyTorch, step {@code totalSteps}
 * itself is allowed (pct slightly above 1) and any later step is an error.
 *
 * <p>Per-parameter learning-rate multipliers ({@link PyTorchSgd}) give exactly the schedule that
 * PyTorch computes for a param group whose {@code max_lr} is multiplied by the same factor, since
 * every value here is proportional to {@code maxLr}.
 *
 * @param maxLr peak learning rate
 * @param totalSteps number of optimizer steps in the cycle
 * @param pctStart fraction of the cycle spent increasing the learning rate (PyTorch: 0.3)
 * @param divFactor initialLr = maxLr / divFactor (PyTorch: 25)
 * @param finalDivFactor minLr = initialLr / finalDivFactor (PyTorch: 1e4)
 * @param baseMomentum momentum at the learning-rate peak (PyTorch: 0.85)
 * @param maxMomentum momentum at both ends of the cycle (PyTorch: 0.95)
 */
public record OneCycleLR(
        double maxLr,
        int totalSteps,
        double pctStart,
        double divFactor,
        double finalDivFactor,
        double baseMomentum,
        double maxMomentum)
        implements Schedule {

    /** Validates the settings (bad values are user input: one-line {@link PairvizException}). */
    public OneCycleLR {
        if (totalSteps <= 0) {
            throw new PairvizException("OneCycleLR: total steps must be positive, got " + totalSteps);
        }
        if (!(pctStart >= 0 && pctStart <= 1)) {
            throw new PairvizException("OneCycleLR: pct_start must be in [0, 1], got " + pctStart);
        }
        if (!(maxLr > 0) || !Double.isFinite(maxLr)) {
            throw new PairvizException("OneCycleLR: max learning rate must be positive, got " + maxLr);
        }
        if (!(divFactor > 0) || !(finalDivFactor > 0)) {
            throw new PairvizException(
                    "OneCycleLR: div factors must be positive, got " + divFactor + " and " + finalDivFactor);
        }
        if (pctStart * totalSteps - 1 == 0) {
            // PyTorch divides 0 by 0 at step 0 here (ZeroDivisionError).
            throw new PairvizException("OneCycleLR: pct_start * total_steps must not be 1 (warm-up phase of"
                    + " zero length), got " + pctStart + " * " + totalSteps);
        }
    }

    /** PyTorch's defaults: pct_start 0.3, div 25, final div 1e4, momentum 0.85 to 0.95. */
    public static OneCycleLR of(double maxLr, int totalSteps) {
        return new OneCycleLR(maxLr, totalSteps, 0.3, 25.0, 1e4, 0.85, 0.95);
    }

    /** The learning rate at step 0: {@code maxLr / divFactor}. */
    public double initialLr() {
        return maxLr / divFactor;
    }

    /** The learning rate at the last step: {@code initialLr() / finalDivFactor}. */
    public double minLr() {
        return initialLr() / finalDivFactor;
    }

    @Override
    public double lr(int step) {
        Phase phase = phase(step);
        return phase.warmup
                ? anneal(initialLr(), maxLr, phase.pct)
                : anneal(maxLr, minLr(), phase.pct);
    }

    @Override
    public double momentum(int step) {
        Phase phase = phase(step);
        return phase.warmup
                ? anneal(maxMomentum, baseMomentum, phase.pct)
                : anneal(baseMomentum, maxMomentum, phase.pct);
    }

    private record Phase(boolean warmup, double pct) {}

    private Phase phase(int step) {
        if (step < 0 || step > totalSteps) {
            throw new IllegalArgumentException(
                    "OneCycleLR: step " + step + " outside 0.." + totalSteps);
        }
        // Same double arithmetic as PyTorch: float(pct_start * total_steps) - 1, total_steps - 1.
        double warmupEnd = pctStart * totalSteps - 1;
        double end = totalSteps - 1;
        if (step <= warmupEnd) {
            return new Phase(true, step / warmupEnd);
        }
        if (end == warmupEnd) {
            // pct_start 1 and step == totalSteps: PyTorch raises ZeroDivisionError.
            throw new IllegalArgumentException("OneCycleLR: step " + step + " is past a cycle with no"
                    + " annealing phase (pct_start " + pctStart + ")");
        }
        return new Phase(false, (step - warmupEnd) / (end - warmupEnd));
    }

    /** PyTorch's {@code _annealing_cos}: from {@code start} (pct 0) to {@code end} (pct 1). */
    private static double anneal(double start, double end, double pct) {
        double cosOut = Math.cos(Math.PI * pct) + 1;
        return end + (start - end) / 2.0 * cosOut;
    }
}
