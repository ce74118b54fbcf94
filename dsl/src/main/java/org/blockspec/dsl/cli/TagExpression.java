package org.blockspec.dsl.cli;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code --tags} in either spelling: JUnit's ({@code perms & !slow}) or Cucumber's
 * ({@code @perms and not @slow}), which Gherkin users type. Both select the same tests, since
 * Cucumber's tags become JUnit tags without their {@code @}.
 */
final class TagExpression {
    private static final Pattern TOKEN = Pattern.compile("@([^\\s()&|!]+)|\\b(and|or|not)\\b");

    private TagExpression() {
    }

    static String toJUnit(String expression) {
        if (!expression.contains("@") && !Pattern.compile("\\b(and|or|not)\\b").matcher(expression).find()) return expression;
        Matcher m = TOKEN.matcher(expression);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String replacement = m.group(1) != null ? m.group(1) : switch (m.group(2)) {
                case "and" -> "&";
                case "or" -> "|";
                default -> "!";
            };
            m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
