/**
 * {@code pairviz spark}: the command line of the Spark jobs, in local mode or under
 * {@code spark-submit}; the checks that make every foreseeable Spark failure (masters, executor
 * sizes, missing Hadoop connectors, interruption) one line and an exit code.
 */
package pairviz.spark.cli;
