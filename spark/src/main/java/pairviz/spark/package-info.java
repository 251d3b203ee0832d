/**
 * pairviz on Apache Spark: the jobs (embed, evaluate, explain) that run the core's embedding,
 * search and explanation on a cluster's executors, the Parquet tables they write, and what
 * travels to the executors (the model with every file its loader read, images from Hadoop file
 * systems or tables of image bytes).
 */
package pairviz.spark;
