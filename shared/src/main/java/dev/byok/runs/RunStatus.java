package dev.byok.runs;

/** Outcome of a run as recorded and reported. */
public enum RunStatus {
    SUCCEEDED("succeeded"),
    FAILED("failed"),
    /** The provider answered, but the reply does not match the recipe's output schema. */
    INVALID_OUTPUT("invalid_output");

    private final String wireName;

    RunStatus(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static java.util.Optional<RunStatus> fromWireName(String name) {
        return java.util.Arrays.stream(values()).filter(status -> status.wireName.equals(name)).findFirst();
    }
}
