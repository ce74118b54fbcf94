package org.blockspec.dsl.cucumber;

import java.lang.annotation.Annotation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.cucumber.cucumberexpressions.Argument;
import io.cucumber.cucumberexpressions.Expression;
import io.cucumber.cucumberexpressions.ExpressionFactory;
import io.cucumber.cucumberexpressions.ParameterTypeRegistry;
import io.cucumber.datatable.DataTable;
import io.cucumber.docstring.DocString;
import io.cucumber.java.ParameterType;
import io.cucumber.java.StepDefinitionAnnotation;

/**
 * The step library as data: every step definition of the glue classes (its Cucumber
 * expression, keyword and method) and every parameter type. The compiler matches Gherkin
 * steps with it the way Cucumber does (the same expression library), and it is what
 * {@code blockspec steps} prints and a misspelt step is compared with. Immutable.
 */
public final class StepLibrary {
    /**
     * The glue classes, by topic; Cucumber finds the same ones by scanning this package. Block
     * jobs get a {@code JobSteps} class of their own here (start, verbs, waits for a state or an
     * event, progress) once the scenario model has job steps, and {@code {job}}/{@code {jobtype}}
     * parameters in {@link ParameterTypes}.
     */
    static final List<Class<?>> GLUE = List.of(ParameterTypes.class, Hooks.class, ImageSteps.class, NodeSteps.class,
            DeviceSteps.class, SnapshotSteps.class, QmpSteps.class, GraphSteps.class, PermissionSteps.class,
            LockSteps.class, DataSteps.class, EventSteps.class, ProcessSteps.class);

    /** What a step takes besides its expression's parameters. */
    public enum Extra { NONE, TABLE, DOC_STRING }

    public record Definition(String keyword, String expression, Method method, Extra extra) {
        /** The glue class's topic: {@code NodeSteps} is "Node". */
        public String topic() {
            return method.getDeclaringClass().getSimpleName().replace("Steps", "");
        }

        /** As the library lists it: {@code Given a {format} image {image} of {size}}. */
        @Override public String toString() {
            return keyword + " " + expression + (extra == Extra.TABLE ? "  + DataTable" : extra == Extra.DOC_STRING
                    ? "  + DocString" : "");
        }
    }

    public record Parameter(String name, String regex, String description, Method method) {
    }

    private static final class Holder {
        static final StepLibrary INSTANCE = new StepLibrary();
    }

    private final List<Definition> definitions = new ArrayList<>();
    private final List<Parameter> parameters = new ArrayList<>();

    private StepLibrary() {
        for (Class<?> glue : GLUE) {
            Method[] methods = glue.getDeclaredMethods();
            Arrays.sort(methods, Comparator.comparing(Method::getName)); // reflection's order is the JVM's
            for (Method m : methods) {
                ParameterType p = m.getAnnotation(ParameterType.class);
                if (p != null) parameters.add(new Parameter(p.name().isEmpty() ? m.getName() : p.name(), p.value(), "", m));
                for (Annotation a : m.getAnnotations()) {
                    if (!a.annotationType().isAnnotationPresent(StepDefinitionAnnotation.class)) continue;
                    Class<?>[] types = m.getParameterTypes();
                    Class<?> last = types.length == 0 ? null : types[types.length - 1];
                    Extra extra = last == DataTable.class ? Extra.TABLE : last == DocString.class ? Extra.DOC_STRING : Extra.NONE;
                    definitions.add(new Definition(a.annotationType().getSimpleName(), value(a), m, extra));
                }
            }
        }
        definitions.sort(Comparator.comparing((Definition d) -> GLUE.indexOf(d.method().getDeclaringClass()))
                .thenComparing(Definition::expression));
        matcher = new Matcher();
    }

    private static String value(Annotation a) {
        try {
            return (String) a.annotationType().getMethod("value").invoke(a);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    public static StepLibrary get() {
        return Holder.INSTANCE;
    }

    public List<Definition> definitions() { return List.copyOf(definitions); }

    public List<Parameter> parameters() { return List.copyOf(parameters); }

    /** One glue object per class for a world, as picocontainer would make them. */
    Map<Class<?>, Object> instantiate(BlockWorld world) {
        Map<Class<?>, Object> out = new LinkedHashMap<>();
        for (Class<?> c : GLUE) {
            try {
                out.put(c, c.getConstructor(BlockWorld.class).newInstance(world));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("glue class " + c.getName() + " needs a public (BlockWorld) constructor", e);
            }
        }
        return out;
    }

    /** A step definition that matched, with the arguments its expression found. */
    record Match(Definition definition, List<Argument<?>> arguments) {
    }

    /**
     * Matches step texts, as Cucumber does. Built once: the parameter types' transformers are
     * not called here (arguments stay text with their positions); {@link #convert} calls the
     * parameter type's method on the glue objects of the scenario being compiled.
     */
    Matcher matcher() {
        return matcher;
    }

    private final Matcher matcher;

    final class Matcher {
        private final Map<Definition, Expression> expressions = new LinkedHashMap<>();

        private Matcher() {
            // The library's parameters parse nothing locale-dependent (no {int}, {float}), so one
            // registry serves every feature language.
            ParameterTypeRegistry registry = new ParameterTypeRegistry(Locale.ENGLISH);
            for (Parameter p : parameters) {
                registry.defineParameterType(new io.cucumber.cucumberexpressions.ParameterType<>(p.name(), p.regex(),
                        String.class, (String s) -> s));
            }
            ExpressionFactory factory = new ExpressionFactory(registry);
            for (Definition d : definitions) expressions.put(d, factory.createExpression(d.expression()));
        }

        List<Match> match(String text) {
            List<Match> out = new ArrayList<>();
            expressions.forEach((d, e) -> {
                List<Argument<?>> args = e.match(text);
                if (args != null) out.add(new Match(d, args));
            });
            return out;
        }
    }

    /** An argument's value as the step method takes it: its parameter type's method, on this scenario's glue. */
    Object convert(Argument<?> argument, Map<Class<?>, Object> glue) {
        String name = argument.getParameterType().getName();
        for (Parameter p : parameters) {
            if (p.name().equals(name)) return invoke(p.method(), glue.get(p.method().getDeclaringClass()), argument.getGroup().getValue());
        }
        return argument.getValue(); // one of Cucumber's own types
    }

    private static Object invoke(Method m, Object target, Object... args) {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Calls a step definition's method on its glue object. */
    static void run(Definition d, Map<Class<?>, Object> glue, Object... args) {
        invoke(d.method(), glue.get(d.method().getDeclaringClass()), args);
    }

    /**
     * The definitions a misspelt step most likely meant, best first: its words aligned with
     * each expression's, a parameter taking any run of words, a literal word costing its
     * spelling distance.
     */
    List<Definition> closest(String text, int most) {
        String[] words = text.strip().split("\\s+");
        record Scored(Definition d, double cost) {
        }
        List<Scored> scored = new ArrayList<>();
        for (Definition d : definitions) {
            String[] pattern = d.expression().split("\\s+");
            scored.add(new Scored(d, align(pattern, words)));
        }
        scored.sort(Comparator.comparingDouble(Scored::cost));
        List<Definition> out = new ArrayList<>();
        if (scored.isEmpty()) return out;
        double best = scored.getFirst().cost();
        for (Scored s : scored) {
            long literals = Arrays.stream(s.d().expression().split("\\s+")).filter(w -> !isParameter(w)).count();
            if (out.size() >= most || s.cost() > best + 0.25 || s.cost() > Math.max(1.5, literals * 0.4)) break;
            out.add(s.d());
        }
        return out;
    }

    private static boolean isParameter(String w) {
        return w.startsWith("{") && w.contains("}");
    }

    private static double align(String[] pattern, String[] words) {
        int n = pattern.length;
        int m = words.length;
        double[][] d = new double[n + 1][m + 1];
        for (double[] row : d) Arrays.fill(row, Double.MAX_VALUE / 2);
        d[0][0] = 0;
        for (int i = 0; i <= n; i++) {
            for (int j = 0; j <= m; j++) {
                double here = d[i][j];
                if (i < n && j < m) {
                    double cost = isParameter(pattern[i]) ? 0 : spelling(pattern[i], words[j]);
                    d[i + 1][j + 1] = Math.min(d[i + 1][j + 1], here + cost);
                }
                if (i < n) d[i + 1][j] = Math.min(d[i + 1][j], here + 1);
                if (j < m) {
                    // A parameter takes any run of words: those after its first cost little, so that
                    // of two definitions the one whose literal words match more wins.
                    double extra = i > 0 && isParameter(pattern[i - 1]) ? 0.3 : 1;
                    d[i][j + 1] = Math.min(d[i][j + 1], here + extra);
                }
            }
        }
        return d[n][m];
    }

    /** 0 for the same word, up to 1 for a different one. */
    private static double spelling(String literal, String word) {
        String a = literal.replace("(s)", "s").toLowerCase(Locale.ROOT);
        String b = word.toLowerCase(Locale.ROOT);
        if (a.equals(b)) return 0;
        int dist = org.blockspec.dsl.compile.DidYouMean.distance(a, b);
        return Math.min(1.0, (double) dist / Math.max(a.length(), b.length()) * 1.5);
    }
}
