package pairviz.data;

import java.util.Comparator;

/** Ordering of class labels. */
public final class Labels {
    private Labels() {}

    /**
     * Numbers before names, numbers by value, names as strings: {@code 2 < 10 < 010 < 10a < b}.
     * A number is a label made only of the digits 0-9. Every split rule that says "sorted classes"
     * means this order, so that class ids 1..200 sort as numbers, not as {@code 1, 10, 100, ...}.
     */
    public static final Comparator<String> NATURAL = Labels::compare;

    private static int compare(String a, String b) {
        boolean na = isNumber(a);
        boolean nb = isNumber(b);
        if (na && nb) {
            String sa = stripZeros(a);
            String sb = stripZeros(b);
            int c = sa.length() != sb.length() ? Integer.compare(sa.length(), sb.length()) : sa.compareTo(sb);
            return c != 0 ? c : Integer.compare(a.length(), b.length());
        }
        if (na != nb) {
            return na ? -1 : 1;
        }
        return a.compareTo(b);
    }

    private static boolean isNumber(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static String stripZeros(String s) {
        int i = 0;
        while (i < s.length() - 1 && s.charAt(i) == '0') {
            i++;
        }
        return s.substring(i);
    }
}
