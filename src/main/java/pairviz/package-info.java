/**
 * pairviz's front door for Java: {@link pairviz.Pairviz} (load a network once, explain pairs of
 * images) and the two exceptions every package throws, {@link pairviz.PairvizException} (bad
 * input: one line, exit code 2 on the command line) and {@link pairviz.BadParameterException}
 * (a bad value of a named parameter, which the command line names by its flag and the web app by
 * its form field).
 *
 * <p>The facade sits above {@code session}, {@code explain}, {@code image}, {@code model} and {@code render}; the
 * exceptions import nothing, so every package may use them. No package of pairviz imports the
 * facade.
 *
 * <p>Must not import: {@code pairviz.cli}, {@code pairviz.web}, {@code pairviz.figures},
 * {@code pairviz.train}.
 */
package pairviz;
