package dev.ecrpublic.cli;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A CloudFormation template read as CloudFormation reads it: short tags become their long forms ({@code !Ref x} is
 * {@code {"Ref": "x"}}, {@code !GetAtt a.b} is {@code {"Fn::GetAtt": ["a", "b"]}}, {@code !Sub} is
 * {@code {"Fn::Sub": ...}}), so checks walk plain maps and lists.
 */
record CloudFormationTemplate(Map<String, Object> root) {
    private static final List<String> FUNCTIONS = List.of("Base64", "Cidr", "FindInMap", "GetAZs", "ImportValue",
            "Join", "Select", "Split", "Sub", "Transform", "And", "Equals", "If", "Not", "Or", "GetAtt");
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^!}][^}]*)}");

    static CloudFormationTemplate read(Path file) throws IOException {
        Yaml yaml = new Yaml(new ShortTags());
        return new CloudFormationTemplate(yaml.load(Files.readString(file)));
    }

    Map<String, Object> section(String name) {
        return map(root.getOrDefault(name, Map.of()));
    }

    Map<String, Object> resource(String logicalId) {
        return map(section("Resources").get(logicalId));
    }

    Map<String, Object> properties(String logicalId) {
        return map(resource(logicalId).get("Properties"));
    }

    /** Logical ids of the resources of this type. */
    List<String> resourcesOfType(String type) {
        List<String> ids = new ArrayList<>();
        section("Resources").forEach((id, r) -> {
            if (type.equals(map(r).get("Type"))) ids.add(id);
        });
        return ids;
    }

    /**
     * One statement of a function's inline policies, with the condition it exists under when it is written as
     * {@code !If [CONDITION, STATEMENT, !Ref AWS::NoValue]}.
     */
    record PolicyStatement(Optional<String> condition, Map<String, Object> statement) {
        String sid() {
            return String.valueOf(statement.get("Sid"));
        }

        /** The Action element as a list, whether written as one string or a list. */
        List<String> actions() {
            Object action = statement.get("Action");
            List<String> actions = new ArrayList<>();
            for (Object a : action instanceof List<?> l ? l : List.of(action)) actions.add(String.valueOf(a));
            return actions;
        }
    }

    /** Every statement of the inline policies of a SAM function, conditional ones unwrapped. */
    List<PolicyStatement> policyStatements(String function) {
        List<PolicyStatement> statements = new ArrayList<>();
        for (Object policy : list(properties(function).get("Policies"))) {
            if (!(policy instanceof Map<?, ?> document) || !document.containsKey("Statement"))
                throw new AssertionError(function + ": inline statements only, no managed or SAM policy templates");
            for (Object statement : list(document.get("Statement"))) {
                Map<String, Object> s = map(statement);
                if (s.containsKey("Fn::If")) {
                    List<Object> branches = list(s.get("Fn::If"));
                    if (!Map.of("Ref", "AWS::NoValue").equals(branches.get(2)))
                        throw new AssertionError(function + ": a conditional statement is nothing otherwise: " + s);
                    statements.add(new PolicyStatement(Optional.of(String.valueOf(branches.get(0))), map(branches.get(1))));
                } else {
                    statements.add(new PolicyStatement(Optional.empty(), s));
                }
            }
        }
        return statements;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        if (!(o instanceof Map<?, ?> m)) throw new AssertionError("not a mapping: " + o);
        return (Map<String, Object>) m;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o) {
        if (!(o instanceof List<?> l)) throw new AssertionError("not a list: " + o);
        return (List<Object>) l;
    }

    /** Calls {@code visit(path, value)} for every node below {@code node}, depth first. */
    static void walk(Object node, String path, BiConsumer<String, Object> visit) {
        visit.accept(path, node);
        if (node instanceof Map<?, ?> m) m.forEach((k, v) -> walk(v, path + "/" + k, visit));
        else if (node instanceof List<?> l) for (int i = 0; i < l.size(); i++) walk(l.get(i), path + "[" + i + "]", visit);
    }

    /** Every name the template refers to: Ref targets, GetAtt resources, ${...} in Sub strings, Condition names. */
    List<String> references(Object node) {
        List<String> names = new ArrayList<>();
        walk(node, "", (path, value) -> {
            if (!(value instanceof Map<?, ?> m) || m.size() != 1) return;
            Map.Entry<?, ?> e = m.entrySet().iterator().next();
            switch (String.valueOf(e.getKey())) {
                case "Ref", "Condition" -> names.add(String.valueOf(e.getValue()));
                case "Fn::GetAtt" -> names.add(String.valueOf(list(e.getValue()).getFirst()));
                case "Fn::Sub" -> {
                    Object template = e.getValue() instanceof List<?> l ? l.getFirst() : e.getValue();
                    Matcher v = SUB_VARIABLE.matcher(String.valueOf(template));
                    while (v.find()) names.add(v.group(1));
                }
                default -> { }
            }
        });
        return names;
    }

    /** snakeyaml constructs for CloudFormation's short tags, into their long forms. */
    private static final class ShortTags extends SafeConstructor {
        ShortTags() {
            super(new LoaderOptions());
            yamlConstructors.put(new Tag("!Ref"), new Function("Ref"));
            yamlConstructors.put(new Tag("!Condition"), new Function("Condition"));
            for (String f : FUNCTIONS) yamlConstructors.put(new Tag("!" + f), new Function("Fn::" + f));
        }

        private final class Function extends AbstractConstruct {
            private final String name;

            Function(String name) {
                this.name = name;
            }

            @Override
            public Object construct(Node node) {
                Object value = switch (node) {
                    case ScalarNode s when name.equals("Fn::GetAtt") -> Arrays.asList(s.getValue().split("\\.", 2));
                    case ScalarNode s -> s.getValue();
                    case SequenceNode s -> constructSequence(s);
                    case MappingNode m -> constructMapping(m);
                    default -> throw new IllegalArgumentException("unexpected node " + node);
                };
                Map<String, Object> function = new LinkedHashMap<>();
                function.put(name, value);
                return function;
            }
        }
    }
}
