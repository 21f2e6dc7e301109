package dev.byok.usage;

import java.util.Arrays;
import java.util.Optional;

/** What {@code GET /usage} can group by, with the row field each one fills. */
public enum UsageDimension {
    RECIPE("recipe", "recipeId"),
    DEPARTMENT("department", "department"),
    MODEL("model", "model"),
    PROVIDER("provider", "provider"),
    KEY("key", "keyId"),
    WORKFLOW("workflow", "workflowId"),
    DAY("day", "day");

    private final String parameter;
    private final String field;

    UsageDimension(String parameter, String field) {
        this.parameter = parameter;
        this.field = field;
    }

    public String parameter() {
        return parameter;
    }

    public String field() {
        return field;
    }

    public static Optional<UsageDimension> fromParameter(String value) {
        return Arrays.stream(values()).filter(d -> d.parameter.equals(value)).findFirst();
    }

    public static String allParameters() {
        return String.join(", ", Arrays.stream(values()).map(UsageDimension::parameter).toList());
    }
}
