/**
 * The command line ({@code pairviz <command>}, picocli): one class per command, the option groups
 * they share (mixins), and the translation of the library's results and errors into files, text
 * and exit codes ({@link pairviz.cli.Main}: 0 success, 1 internal error, 2 bad input, 3 out of
 * memory). A command parses flags, calls the library and writes what it returns; the work itself
 * belongs to the library packages.
 *
 * <p>The top of the house: it may import every other package, and no other package of pairviz
 * imports it (nor should the Spark module).
 */
package pairviz.cli;
