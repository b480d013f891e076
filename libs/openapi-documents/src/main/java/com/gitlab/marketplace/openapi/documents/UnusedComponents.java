package com.gitlab.marketplace.openapi.documents;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.Reference;
import org.eclipse.microprofile.openapi.models.tags.Tag;

/**
 * Removes the components and tags no operation reaches. SmallRye's scanner registers the schema of every class
 * it meets in every document of the application, whichever document the class's operations belong to; without
 * this, the partner document would list the operator API's types, which the linters report as unused.
 */
final class UnusedComponents {

    private static final String MODEL_PACKAGE = "org.eclipse.microprofile.openapi.models";

    private UnusedComponents() {
    }

    static void remove(OpenAPI openAPI) {
        Set<String> reached = referencesReachedFromOperations(openAPI);
        Components components = openAPI.getComponents();
        if (components != null) {
            keepOnly(components.getSchemas(), "#/components/schemas/", reached, components::removeSchema);
            keepOnly(components.getResponses(), "#/components/responses/", reached, components::removeResponse);
            keepOnly(components.getHeaders(), "#/components/headers/", reached, components::removeHeader);
            keepOnly(components.getParameters(), "#/components/parameters/", reached, components::removeParameter);
            keepOnly(components.getExamples(), "#/components/examples/", reached, components::removeExample);
            keepOnly(components.getRequestBodies(), "#/components/requestBodies/", reached,
                    components::removeRequestBody);
        }
        Set<String> usedTags = new HashSet<>();
        operations(openAPI).forEach(operation -> {
            if (operation.getTags() != null) {
                usedTags.addAll(operation.getTags());
            }
        });
        if (openAPI.getTags() != null) {
            for (Tag tag : openAPI.getTags().toArray(Tag[]::new)) {
                if (!usedTags.contains(tag.getName())) {
                    openAPI.removeTag(tag);
                }
            }
        }
    }

    static List<Operation> operations(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return List.of();
        }
        return openAPI.getPaths().getPathItems().values().stream()
                .map(PathItem::getOperations)
                .flatMap(byMethod -> byMethod.values().stream())
                .toList();
    }

    /** Every {@code $ref} the paths use, then every one those components use in turn. */
    private static Set<String> referencesReachedFromOperations(OpenAPI openAPI) {
        Set<String> reached = new HashSet<>();
        Deque<Object> toVisit = new ArrayDeque<>();
        if (openAPI.getPaths() != null) {
            toVisit.push(openAPI.getPaths());
        }
        Components components = openAPI.getComponents();
        while (!toVisit.isEmpty()) {
            Object node = toVisit.pop();
            if (node instanceof Reference<?> reference && reference.getRef() != null
                    && reached.add(reference.getRef()) && components != null) {
                Object target = component(components, reference.getRef());
                if (target != null) {
                    toVisit.push(target);
                }
            }
            children(node).forEach(toVisit::push);
        }
        return reached;
    }

    private static Object component(Components components, String ref) {
        int lastSlash = ref.lastIndexOf('/');
        Map<String, ?> byName = switch (ref.substring(0, lastSlash + 1)) {
            case "#/components/schemas/" -> components.getSchemas();
            case "#/components/responses/" -> components.getResponses();
            case "#/components/headers/" -> components.getHeaders();
            case "#/components/parameters/" -> components.getParameters();
            case "#/components/examples/" -> components.getExamples();
            case "#/components/requestBodies/" -> components.getRequestBodies();
            default -> null;
        };
        return byName == null ? null : byName.get(ref.substring(lastSlash + 1));
    }

    /** The model objects below a node: the values of its MicroProfile OpenAPI getters, maps and lists opened. */
    private static Collection<Object> children(Object node) {
        Collection<Object> children = new ArrayList<>();
        if (node instanceof Map<?, ?> map) {
            map.values().forEach(value -> addIfModel(children, value));
            return children;
        }
        if (node instanceof Collection<?> collection) {
            collection.forEach(value -> addIfModel(children, value));
            return children;
        }
        for (Method getter : modelGetters(node.getClass())) {
            try {
                addIfModel(children, getter.invoke(node));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("could not read " + getter + " of the OpenAPI model", e);
            }
        }
        return children;
    }

    private static void addIfModel(Collection<Object> children, Object value) {
        if (value instanceof Map<?, ?> || value instanceof Collection<?>
                || (value != null && isModel(value.getClass()))) {
            children.add(value);
        }
    }

    private static boolean isModel(Class<?> type) {
        for (Class<?> face : allInterfaces(type)) {
            if (face.getPackageName().startsWith(MODEL_PACKAGE)) {
                return true;
            }
        }
        return false;
    }

    private static Set<Method> modelGetters(Class<?> type) {
        Set<Method> getters = new HashSet<>();
        for (Class<?> face : allInterfaces(type)) {
            if (!face.getPackageName().startsWith(MODEL_PACKAGE)) {
                continue;
            }
            for (Method method : face.getMethods()) {
                if (method.getParameterCount() == 0 && method.getName().startsWith("get")
                        && !Modifier.isStatic(method.getModifiers())
                        && !method.getName().equals("getExtensions")) {
                    getters.add(method);
                }
            }
        }
        return getters;
    }

    private static Set<Class<?>> allInterfaces(Class<?> type) {
        Set<Class<?>> interfaces = new HashSet<>();
        Deque<Class<?>> toVisit = new ArrayDeque<>();
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            toVisit.addAll(List.of(c.getInterfaces()));
        }
        while (!toVisit.isEmpty()) {
            Class<?> face = toVisit.pop();
            if (interfaces.add(face)) {
                toVisit.addAll(List.of(face.getInterfaces()));
            }
        }
        return interfaces;
    }

    private static <T> void keepOnly(Map<String, T> components, String prefix, Set<String> reached,
            Consumer<String> remove) {
        if (components == null) {
            return;
        }
        for (String name : Set.copyOf(components.keySet())) {
            if (!reached.contains(prefix + name)) {
                remove.accept(name);
            }
        }
    }
}
