package pairviz.spark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

/** spark embed's default partitions come from the task slots the configuration asks for. */
class PartitionsTest {
    @Test
    void taskSlotsComeFromTheConfigurationBeforeTheExecutorsRegistered() {
        SparkEmbedCommand c = new SparkEmbedCommand();
        assertEquals(2, c.taskSlots(new SparkConf(false), 2));
        assertEquals(6, c.taskSlots(new SparkConf(false).set("spark.cores.max", "6"), 2));
        assertEquals(8, c.taskSlots(new SparkConf(false).set("spark.executor.instances", "4").set("spark.executor.cores", "2"), 2));
        assertEquals(5, c.taskSlots(new SparkConf(false).set("spark.default.parallelism", "5").set("spark.cores.max", "6"), 2));
    }
}
