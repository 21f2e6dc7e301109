package dev.byok.deployment.probe;

/**
 * Runs in a separate JVM with only a function's artifact (and this class) on the class path: does what Lambda's
 * initialisation phase does, creating the handler named on the command line, and nothing more. Uses the JDK only,
 * so nothing of the test class path leaks into the function.
 */
public final class InitProbe {
    public static final String DONE = "BYOK-INIT-PROBE-DONE";

    private InitProbe() {
    }

    public static void main(String[] args) throws Exception {
        Object handler = Class.forName(args[0]).getDeclaredConstructor().newInstance();
        System.out.println(DONE + " " + handler.getClass().getName());
        System.out.flush();
        // Lambda would now snapshot this state (SnapStart) and wait for events; the probe just ends here.
        Runtime.getRuntime().halt(0);
    }
}
