/**
 * Training pieces that reproduce PyTorch / pytorch-metric-learning behaviour on DJL.
 *
 * <ul>
 *   <li>{@link pairviz.train.ArcFaceLoss} and {@link pairviz.train.ProxyAnchorLoss}: metric
 *       learning losses with their own learnable tensors ({@link pairviz.train.MetricLoss}).
 *   <li>{@link pairviz.train.PyTorchSgd}: {@code torch.optim.SGD} update rule with per-parameter
 *       learning-rate multipliers and weight-decay exclusion.
 *   <li>{@link pairviz.train.OneCycleLR}: {@code torch.optim.lr_scheduler.OneCycleLR} as a
 *       {@link pairviz.train.Schedule} of learning rate and momentum.
 * </ul>
 *
 * <p>A training step, PyTorch style:
 *
 * <pre>{@code
 * PyTorchSgd sgd = PyTorchSgd.builder().schedule(OneCycleLR.of(0.1, totalSteps))
 *         .weightDecay(1e-4).build();
 * sgd.addAll(model.getParameters());            // 1-D tensors get no weight decay by default
 * loss.parameters().forEach(sgd::add);          // proxies / class weights with their lr multiplier
 * for (...) {
 *     try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
 *         NDArray value = loss.evaluate(embeddings, labels);
 *         gc.backward(value);
 *     }
 *     sgd.step();                                // updates every registered parameter, zeroes grads
 * }
 * }</pre>
 *
 * <p>A run is defined by its {@link pairviz.train.TrainConfig} (built with
 * {@link pairviz.train.TrainConfig#builder()}; {@link pairviz.train.TrainConfig#resume} checks that a
 * resumed run keeps its settings) and lives in a {@link pairviz.train.RunDirectory}, whose
 * checkpoints {@link pairviz.train.Checkpoint} lists (also for figures of a run's evolution).
 *
 * <p>Must not import: {@code pairviz.cli}, {@code pairviz.web}, {@code pairviz.explain},
 * {@code pairviz.figures}, {@code pairviz.render}, {@code pairviz.report}.
 */
package pairviz.train;
