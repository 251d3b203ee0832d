package pairviz;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parameter of a library call that is out of range, malformed or does not fit the others. The
 * message names parameters in words, as the Java API calls them, each written {@code {name}} in
 * the template: {@code "{start layer} must be 0 or more, not -1"} reads "start layer must be 0 or
 * more, not -1". A front end that calls a parameter something else renders the template with its
 * own names ({@link #message(UnaryOperator)}): the command line with its flags
 * ({@code --start-layer}), the web app with its form fields ({@code start_layer}).
 */
public class BadParameterException extends PairvizException {
    private static final long serialVersionUID = 1L;
    private static final Pattern NAME = Pattern.compile("\\{([a-z][a-z0-9 ]*)}");

    private final String template;

    /**
     * @param template the one-line message, each parameter's name in braces: {@code "{lr} must be
     *     positive, not -1"}
     */
    public BadParameterException(String template) {
        super(render(template, UnaryOperator.identity()));
        this.template = template;
    }

    /** {@code "{" + parameter + "} " + problem}: the common case of a message about one parameter. */
    public static BadParameterException of(String parameter, String problem) {
        return new BadParameterException("{" + parameter + "} " + problem);
    }

    /** The parameters the message names, in words, in order of appearance. */
    public List<String> parameters() {
        List<String> names = new ArrayList<>();
        Matcher m = NAME.matcher(template);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** The message with each parameter called {@code rename.apply(its name in words)}. */
    public String message(UnaryOperator<String> rename) {
        return render(template, rename);
    }

    private static String render(String template, UnaryOperator<String> rename) {
        return NAME.matcher(template).replaceAll(m -> Matcher.quoteReplacement(rename.apply(m.group(1))));
    }
}
