package pairviz.cli;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Options a shared mixin brings that do nothing in one command are taken out of it (out of its
 * help and its parsing), each with the reason, which is what the command line says when one is
 * given anyway ({@link Suggestions}).
 */
final class UnusedOptions {
    private UnusedOptions() {}

    /** Why an option was taken out, by command class and option name. */
    private static final Map<Class<?>, Map<String, String>> REASONS = new ConcurrentHashMap<>();

    /**
     * {@code command} as a command line without the options named in {@code reasons} (name to
     * why it does nothing there, as a clause: "the rollout is the same in every mode").
     */
    static CommandLine without(Object command, Map<String, String> reasons) {
        CommandLine cl = new CommandLine(command);
        for (String name : reasons.keySet()) {
            OptionSpec o = cl.getCommandSpec().findOption(name);
            if (o == null) {
                throw new IllegalStateException(command.getClass().getSimpleName() + " has no option " + name);
            }
            cl.getCommandSpec().remove(o);
        }
        REASONS.put(command.getClass(), Map.copyOf(reasons));
        return cl;
    }

    /** Why {@code option} was taken out of {@code cl}'s command, or null if it was not. */
    static String reason(CommandLine cl, String option) {
        Map<String, String> r = REASONS.get(cl.getCommandSpec().userObject().getClass());
        return r == null ? null : r.get(option.contains("=") ? option.substring(0, option.indexOf('=')) : option);
    }
}
