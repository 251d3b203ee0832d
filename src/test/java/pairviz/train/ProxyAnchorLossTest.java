package pairviz.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import pairviz.PairvizException;

class ProxyAnchorLossTest {

    private final NDManager manager = NDManager.newBaseManager();

    @AfterEach
    void close() {
        manager.close();
    }

    private ProxyAnchorLoss loss(int classes, int dims, double[] proxies) {
        ProxyAnchorLoss loss = new ProxyAnchorLoss(manager, classes, dims, 32, 0.1, 100, DataType.FLOAT64);
        loss.parameter().getArray().set(proxies);
        return loss;
    }

    @Test
    void threeProxiesOneWithoutPositivesByHand() {
        // proxies [C=3, E=2]: (1, 0), (0, 2) -> (0, 1), (-1, 0)
        ProxyAnchorLoss loss = loss(3, 2, new double[] {1, 0, 0, 2, -1, 0});
        // x0 = (1, 0) label 0, x1 = (3, 4) -> (0.6, 0.8) label 1, x2 = (0, -1) label 0
        NDArray x = manager.create(new double[] {1, 0, 3, 4, 0, -1}, new Shape(3, 2));
        NDArray y = manager.create(new long[] {0, 1, 0});
        // similarities s(x, p):  x0: [1, 0, -1]   x1: [0.6, 0.8, -0.6]   x2: [0, -1, 0]
        // P+ = {p0, p1} (nobody has class 2), alpha = 32, delta = 0.1
        // pos p0 (x0, x2): log(1 + e^{-32 (1 - 0.1)} + e^{-32 (0 - 0.1)}) = log(1 + e^-28.8 + e^3.2)
        //      = log(1 + 3.1e-13 + 24.5325302) = 3.2399533332
        // pos p1 (x1):     log(1 + e^{-32 (0.8 - 0.1)}) = log(1 + e^-22.4) = 1.8698e-10
        // neg p0 (x1):     log(1 + e^{32 (0.6 + 0.1)}) = log(1 + e^22.4) = 22.4000000002
        // neg p1 (x0, x2): log(1 + e^{32 (0 + 0.1)} + e^{32 (-1 + 0.1)}) = 3.2399533332 (as pos p0)
        // neg p2 (all):    log(1 + e^{32 (-0.9)} + e^{32 (-0.5)} + e^{32 (0.1)})
        //      = log(25.5325302 + 1.1254e-7) = 3.2399533376
        // loss = (3.2399533332 + 0.0000000002) / 2 + (22.4000000002 + 3.2399533332 + 3.2399533376) / 3
        //      = 1.6199766667 + 9.6266355570 = 11.2466122236
        assertThat(loss.evaluate(x, y).getDouble()).isCloseTo(11.2466122236, within(1e-9));
    }

    @Test
    void twoProxiesSmallAlphaByHand() {
        // alpha 2, delta 0.5 so every term matters. proxies (0, 3) -> (0, 1), (4, 0) -> (1, 0)
        ProxyAnchorLoss loss = new ProxyAnchorLoss(manager, 2, 2, 2, 0.5, 100, DataType.FLOAT64);
        loss.parameter().getArray().set(new double[] {0, 3, 4, 0});
        // x0 = (0, 1) label 0, x1 = (1, 0) label 0: s = x0: [1, 0], x1: [0, 1]; P+ = {p0}
        NDArray x = manager.create(new double[] {0, 1, 1, 0}, new Shape(2, 2));
        NDArray y = manager.create(new long[] {0, 0});
        // pos p0: log(1 + e^{-2 (1 - 0.5)} + e^{-2 (0 - 0.5)}) = log(1 + e^-1 + e^1)
        //        = log(1 + 0.3678794 + 2.7182818) = log(4.0861612) = ln 4 + ln 1.0215403 = 1.4076060
        // neg p0: nothing -> 0;  neg p1 (x0, x1): log(1 + e^{2 (0 + 0.5)} + e^{2 (1 + 0.5)}) = log(1 + e^1 + e^3)
        //        = log(1 + 2.7182818 + 20.0855369) = log(23.8038187) = ln 24 + ln 0.9918258 = 3.1698459
        // loss = 1.4076060 / 1 + (0 + 3.1698459) / 2 = 2.9925290
        assertThat(loss.evaluate(x, y).getDouble()).isCloseTo(2.9925290, within(1e-6));
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Random random = new Random(11);
        ProxyAnchorLoss loss = loss(4, 3, ArcFaceLossTest.gaussian(random, 12));
        NDArray x = manager.create(ArcFaceLossTest.gaussian(random, 18), new Shape(6, 3));
        NDArray y = manager.create(new long[] {1, 0, 1, 3, 0, 3});
        GradientCheck.check(loss, x, y, 1e-5);
    }

    @Test
    void logOnePlusSumExpIsStableAndSkipsEmptyColumns() {
        NDArray z = manager.create(new double[] {1000, 5, 1001, -3}, new Shape(2, 2));
        NDArray keep = manager.create(new boolean[] {true, false, true, false}, new Shape(2, 2));
        // column 0: log(1 + e^1000 + e^1001) = 1001 + log(1 + e^-1) (+ e^-1001, negligible) = 1001.3132617
        // column 1: nothing kept -> log(1) = 0
        assertThat(ProxyAnchorLoss.log1pSumExp(z, keep).toDoubleArray())
                .containsExactly(new double[] {1001 + Math.log1p(Math.exp(-1)), 0}, within(1e-9));
    }

    @Test
    void proxiesAreKaimingNormalFanOutAndLearnHundredTimesFaster() {
        Engine.getInstance().setRandomSeed(5);
        ProxyAnchorLoss loss = new ProxyAnchorLoss(manager, 50, 128);
        NDArray p = loss.parameter().getArray();
        assertThat(p.getShape()).isEqualTo(new Shape(50, 128));
        // kaiming_normal_(mode="fan_out") on [C, E]: fan_out = C = 50, std = sqrt(2 / 50) = 0.2
        assertThat(p.mean().getFloat()).isCloseTo(0f, within(0.01f));
        assertThat(p.sub(p.mean()).square().mean().sqrt().getFloat()).isCloseTo(0.2f, within(0.006f));
        assertThat(loss.alpha()).isEqualTo(32);
        assertThat(loss.delta()).isEqualTo(0.1);
        assertThat(loss.parameters()).singleElement().satisfies(t -> {
            assertThat(t.name()).isEqualTo("proxy_anchor.proxies");
            assertThat(t.lrMultiplier()).isEqualTo(100.0);
        });
    }

    @Test
    void rejectsBadSettings() {
        assertThatThrownBy(() -> new ProxyAnchorLoss(manager, 0, 4))
                .isInstanceOf(PairvizException.class)
                .hasMessage("proxy_anchor: number of classes and embedding size must be positive, got 0 and 4");
        assertThatThrownBy(() -> new ProxyAnchorLoss(manager, 3, 4, 0, 0.1, 100, DataType.FLOAT32))
                .isInstanceOf(PairvizException.class)
                .hasMessage("proxy_anchor: alpha must be positive and delta non-negative, got 0.0 and 0.1");
    }
}
