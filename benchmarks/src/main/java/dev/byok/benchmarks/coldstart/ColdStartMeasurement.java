package dev.byok.benchmarks.coldstart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.byok.benchmarks.BenchmarkContext;
import dev.byok.benchmarks.LocalAwsEnvironment;
import dev.byok.benchmarks.MarkdownTable;
import dev.byok.benchmarks.Measurement;
import dev.byok.benchmarks.Samples;
import dev.byok.benchmarks.baseline.PlainDynamoDbHandler;
import dev.byok.benchmarks.lambda.InvocationOutcome;
import dev.byok.benchmarks.lambda.LambdaJvm;
import dev.byok.benchmarks.lambda.SamFunction;
import dev.byok.testing.aws.LocalAwsResources;
import dev.byok.testing.lambda.LambdaEvents;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IntSummaryStatistics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Measurement 2: cold start of each function's deployed artifact (template.yaml's {@code CodeUri}) under the real
 * Lambda runtime interface client, next to a plain-Java SDK handler measured the same way in the same run, plus the
 * artifacts' sizes. Runs are interleaved (one JVM per subject per round) so that load from other work on the machine
 * spreads over all subjects instead of skewing one.
 */
public final class ColdStartMeasurement implements Measurement {
    static final double RATIO_TARGET = 1.5;
    static final double SIZE_TARGET_MB = 20;
    static final String BASELINE = "plain handler";

    /** The first request each function gets: a cheap read that still goes through routing, auth and DynamoDB. */
    static final Map<String, FirstEvent> EVENTS = Map.of(
            "KeyRegistrationFunction", new FirstEvent("keys-list.json", Map.of()),
            "RecipeExecutionFunction", new FirstEvent("recipes-get.json", Map.of("recipeId", "rcp_aaaaaaaaaaaaaaaaaaaa")),
            "UsageQueryFunction", new FirstEvent("runs-list.json", Map.of()),
            "WorkflowsFunction", new FirstEvent("workflows-list.json", Map.of()));
    private static final FirstEvent BASELINE_EVENT = new FirstEvent("keys-list.json", Map.of());
    private static final ObjectMapper JSON = new ObjectMapper();

    record FirstEvent(String file, Map<String, String> placeholders) {
    }

    private record Subject(String name, Path artifact, LambdaJvm.Spec spec, FirstEvent event,
                           Optional<Set<String>> iamServices) {
    }

    /** SDK package name → IAM service prefix, where they differ. */
    private static final Map<String, String> IAM_PREFIX = Map.of("sfn", "states", "cloudwatchlogs", "logs");

    private static final class Results {
        final List<LambdaJvm.ColdStart> measured = new ArrayList<>();
        OptionalInt classesLoaded = OptionalInt.empty();
        final List<String> statuses = new ArrayList<>();
        String failure;
    }

    @Override
    public String id() {
        return "cold-start";
    }

    @Override
    public String title() {
        return "2. Cold start and artifact size";
    }

    @Override
    public int order() {
        return 2;
    }

    @Override
    public String run(BenchmarkContext context) throws Exception {
        Path root = context.repositoryRoot();
        List<SamFunction> functions = SamFunction.read(root.resolve("template.yaml"));
        if (functions.isEmpty()) {
            throw new IllegalStateException("template.yaml declares no AWS::Serverless::Function");
        }
        List<Path> runtimeClasspath = runtimeClasspath(context.moduleBuildDirectory().resolve("lambda-runtime"));
        Path baselineJar = context.moduleBuildDirectory().resolve("baseline-lambda.jar");
        requireFile(baselineJar);
        // A heavier yardstick would flatter every ratio: the baseline must stay the DynamoDB client alone.
        var baselineClients = JarComposition.of(baselineJar).awsServiceClients();
        if (!baselineClients.equals(new java.util.TreeSet<>(Set.of("dynamodb")))) {
            throw new IllegalStateException("the plain handler's jar carries the SDK clients " + baselineClients
                    + "; it must hold only dynamodb (see the baseline-shade execution in benchmarks/pom.xml)");
        }

        LocalAwsEnvironment aws = context.localAws();
        Map<String, String> localValues = localValues(aws.resources());

        List<Subject> subjects = new ArrayList<>();
        List<String> notMeasured = new ArrayList<>();
        SamFunction first = functions.get(0);
        subjects.add(new Subject(BASELINE, baselineJar, spec("plain-handler", baselineJar,
                PlainDynamoDbHandler.class.getName(), first, localValues, aws), BASELINE_EVENT, Optional.empty()));
        for (SamFunction function : functions) {
            Path jar = root.resolve(function.codeUri()).normalize();
            String name = jar.getFileName().toString().replaceFirst("-lambda\\.jar$", "").replaceFirst("\\.jar$", "");
            FirstEvent event = EVENTS.get(function.logicalId());
            if (event == null) {
                notMeasured.add(function.logicalId());
                continue;
            }
            requireFile(jar);
            subjects.add(new Subject(name, jar, spec(name, jar, function.handler(), function, localValues, aws), event,
                    function.iamServices()));
        }

        LambdaJvm jvm = new LambdaJvm(context.javaExecutable(), runtimeClasspath, context.workDirectory(id()));
        Map<Subject, Results> results = new LinkedHashMap<>();
        subjects.forEach(s -> results.put(s, new Results()));
        int rounds = context.warmups() + context.runs();
        Duration invocationTimeout = context.options().invocationTimeout();
        Duration lastRound = Duration.ZERO;
        int completedRounds = 0;
        for (int round = 0; round < rounds; round++) {
            if (round > 0 && !context.hasTimeFor(lastRound)) {
                context.log("cold start: time budget reached after %d of %d rounds", round, rounds);
                break;
            }
            long roundStart = System.nanoTime();
            boolean warmup = round < context.warmups();
            for (Subject subject : subjects) {
                Results r = results.get(subject);
                if (r.failure != null) {
                    continue;
                }
                String label = subject.spec().name() + "-" + (warmup ? "warmup" : "run") + "-" + (round + 1);
                try {
                    // Counting loaded classes slows a JVM down, so only the discarded first warm-up does it.
                    LambdaJvm.ColdStart start = jvm.coldStart(subject.spec(), event(subject.event()),
                            invocationTimeout, label, warmup && round == 0);
                    r.statuses.add(status(start.outcome()));
                    if (start.classesLoaded().isPresent()) {
                        r.classesLoaded = start.classesLoaded();
                    }
                    if (!warmup) {
                        r.measured.add(start);
                    }
                    context.log("cold start %-18s %-7s %7.0f ms (init %5.0f ms) → %s", subject.name(),
                            warmup ? "warm-up" : "run " + (round - context.warmups() + 1), start.totalMillis(),
                            start.initMillis(), status(start.outcome()));
                } catch (IOException e) {
                    r.failure = e.getMessage().lines().findFirst().orElse("failed");
                    context.log("cold start %s failed: %s", subject.name(), e.getMessage());
                }
            }
            lastRound = Duration.ofNanos(System.nanoTime() - roundStart);
            completedRounds = round + 1;
        }
        return render(context, subjects, results, notMeasured, Math.max(0, completedRounds - context.warmups()),
                runtimeClasspath);
    }

    private static LambdaJvm.Spec spec(String name, Path jar, String handler, SamFunction function,
                                       Map<String, String> localValues, LocalAwsEnvironment aws) {
        Map<String, String> env = new LinkedHashMap<>(function.environment(localValues));
        env.putAll(aws.processEnvironment());
        return new LambdaJvm.Spec(name, jar, handler, function.memoryMb(), env, function.logFormat(),
                function.logLevel());
    }

    /** What template.yaml's references to stack resources stand for locally. */
    private static Map<String, String> localValues(LocalAwsResources resources) {
        return Map.of(
                "Table", resources.tableName(),
                "EncryptionKey", resources.kmsKeyArn(),
                "EncryptionKey.Arn", resources.kmsKeyArn(),
                "FingerprintSecret", resources.fingerprintSecretArn(),
                // Listing workflows, the workflows function's first request here, never starts an execution.
                "WorkflowStateMachine", "arn:aws:states:" + LocalAwsEnvironment.REGION
                        + ":123456789012:stateMachine:byok-workflows-local",
                "AWS::Partition", "aws",
                "AWS::Region", LocalAwsEnvironment.REGION,
                // moto's account: the resources it creates carry this id in their ARNs.
                "AWS::AccountId", "123456789012");
    }

    private static String event(FirstEvent event) throws IOException {
        String json = LambdaEvents.substitute(
                Files.readString(LambdaEvents.eventsDirectory().resolve(event.file())), event.placeholders());
        if (json.contains("${")) {
            throw new IllegalStateException(event.file() + " still has a placeholder after substitution");
        }
        return json;
    }

    /** The HTTP status of an API Gateway response, or what went wrong instead. */
    static String status(InvocationOutcome outcome) {
        return switch (outcome.kind()) {
            case RESPONSE -> {
                try {
                    JsonNode status = JSON.readTree(outcome.body()).path("statusCode");
                    yield status.isMissingNode() ? "no statusCode" : status.asText();
                } catch (IOException e) {
                    yield "unreadable response";
                }
            }
            case ERROR -> "invocation error " + outcome.errorType();
            case INIT_ERROR -> "init error " + outcome.errorType();
        };
    }

    private static List<Path> runtimeClasspath(Path directory) throws IOException {
        requireFile(directory);
        try (Stream<Path> files = Files.list(directory)) {
            List<Path> jars = files.filter(f -> f.toString().endsWith(".jar")).sorted().toList();
            if (jars.stream().noneMatch(j -> j.getFileName().toString()
                    .startsWith("aws-lambda-java-runtime-interface-client"))) {
                throw new IllegalStateException("no runtime interface client in " + directory
                        + "; build with: mvn -B -DskipTests package -pl benchmarks -am");
            }
            return jars;
        }
    }

    private static void requireFile(Path path) {
        if (!Files.exists(path)) {
            throw new IllegalStateException(path + " is missing; build with: mvn -B -DskipTests package -pl benchmarks -am");
        }
    }

    // ------------------------------------------------------------------------------------------------------ report

    private String render(BenchmarkContext context, List<Subject> subjects, Map<Subject, Results> results,
                          List<String> notMeasured, int runsDone, List<Path> runtimeClasspath) {
        Subject baselineSubject = subjects.get(0);
        Results baseline = results.get(baselineSubject);
        Double baselineMedian = baseline.measured.isEmpty() ? null : total(baseline).median();
        Double baselineCpu = cpu(baseline).map(Samples::median).orElse(null);

        StringBuilder out = new StringBuilder();
        out.append("Each artifact is started the way Lambda's `java21` runtime starts it: a fresh JVM running the Lambda ")
                .append("runtime interface client (`").append(runtimeClientJar(runtimeClasspath)).append("` from Maven ")
                .append("Central, `AWSLambda <handler>`) with the artifact on its class path, the function's environment ")
                .append("and `JAVA_TOOL_OPTIONS` from template.yaml, heap at 85 % of `MemorySize`, serial GC, against a ")
                .append("local Runtime API on loopback and moto as AWS. One API Gateway event from `events/` is queued; ")
                .append("*cold start* runs from process start to the response arriving at the Runtime API, *init* is ")
                .append("the part until the runtime's first poll for an event (JVM start, runtime client, handler ")
                .append("construction), the rest is the first request. *CPU* is the CPU time the JVM had used by then ")
                .append("(all threads), which other work on the machine disturbs far less than wall time. ")
                .append(String.format(Locale.ROOT, "%d measured run(s) per artifact after %d discarded warm-up round(s), ",
                        runsDone, context.warmups()))
                .append("interleaved round by round so that other load spreads over all of them. No SnapStart here: ")
                .append("this is the on-demand init.\n\n");

        MarkdownTable table = MarkdownTable.aligned("lllrrrrrrr", "artifact", "event", "first status", "init median (ms)",
                "cold start median (ms)", "min – max (ms)", "× plain handler", "CPU median (ms)", "× plain (CPU)",
                "cold start runs (ms)");
        for (Subject subject : subjects) {
            Results r = results.get(subject);
            String firstStatus = r.statuses.isEmpty() ? "—" : r.statuses.get(0)
                    + (r.statuses.stream().distinct().count() > 1 ? " (varied: " + r.statuses + ")" : "");
            if (r.measured.isEmpty()) {
                table.row(subject.name(), "`" + subject.event().file() + "`", firstStatus, "—", "—", "—", "—", "—", "—",
                        r.failure != null ? "failed: " + r.failure : "not measured (time budget)");
                continue;
            }
            Samples total = total(r);
            Optional<Samples> cpu = cpu(r);
            boolean isBaseline = subject == baselineSubject;
            table.row(subject.name(), "`" + subject.event().file() + "`", firstStatus,
                    Samples.format(init(r).median()), Samples.format(total.median()),
                    Samples.format(total.min()) + " – " + Samples.format(total.max()),
                    isBaseline ? "1.00" : baselineMedian == null ? "—" : ratio(total.median() / baselineMedian),
                    cpu.map(c -> Samples.format(c.median())).orElse("—"),
                    isBaseline ? "1.00" : cpu.isEmpty() || baselineCpu == null ? "—"
                            : ratio(cpu.get().median() / baselineCpu),
                    total.list());
        }
        for (String logicalId : notMeasured) {
            table.row(logicalId, "—", "—", "—", "—", "—", "—", "—", "—",
                    "not measured: no first event configured in ColdStartMeasurement.EVENTS");
        }
        out.append(table.render()).append('\n');

        Map<Subject, JarComposition> compositions = new LinkedHashMap<>();
        MarkdownTable artifacts = MarkdownTable.aligned("lrrrl", "artifact", "size (MB)", "classes in jar", "classes loaded",
                "largest parts (compressed MB)");
        for (Subject subject : subjects) {
            JarComposition jar = JarComposition.of(subject.artifact());
            compositions.put(subject, jar);
            OptionalInt loaded = results.get(subject).classesLoaded;
            artifacts.row(subject.name() + " (`" + context.repositoryRoot().relativize(subject.artifact()) + "`)",
                    String.format(Locale.ROOT, "%.1f", jar.megabytes()), jar.classes(),
                    loaded.isPresent() ? Integer.toString(loaded.getAsInt()) : "—",
                    jar.byLibrary().stream().limit(4)
                            .map(e -> String.format(Locale.ROOT, "`%s` %.1f", e.getKey(), e.getValue() / 1e6))
                            .collect(Collectors.joining(", ")));
        }
        out.append(artifacts.render()).append('\n')
                .append("*Classes loaded* counts every class (JDK included) the JVM loaded in the first warm-up run, ")
                .append("which logs them and is therefore not among the measured runs.\n\n");

        out.append(readingOfColdStart(subjects, results));
        out.append(readingOfSizes(subjects, compositions));
        out.append("\nCaveats: figures from this machine (").append(System.getProperty("os.arch")).append(", JDK ")
                .append(Runtime.version().feature()).append(") are not Lambda's (arm64, Corretto 21, a CPU share ")
                .append("proportional to memory); compare the ratios, not the milliseconds. In AWS the functions use ")
                .append("SnapStart, so a cold request pays a snapshot restore instead of the init column. Each run's ")
                .append("output is in `benchmarks/target/benchmark-work/cold-start/`.\n");
        return out.toString();
    }

    private String readingOfColdStart(List<Subject> subjects, Map<Subject, Results> results) {
        Results baseline = results.get(subjects.get(0));
        if (baseline.measured.isEmpty()) {
            return "**Reading, cold start:** the plain handler could not be measured, so there is no ratio; see the "
                    + "table.\n\n";
        }
        double baselineMedian = total(baseline).median();
        double baselineInit = init(baseline).median();
        List<String> met = new ArrayList<>();
        List<String> missed = new ArrayList<>();
        StringBuilder why = new StringBuilder();
        for (Subject subject : subjects.subList(1, subjects.size())) {
            Results r = results.get(subject);
            if (r.measured.isEmpty()) {
                missed.add(subject.name() + " (not measured)");
                continue;
            }
            double median = total(r).median();
            String figure = subject.name() + " " + ratio(median / baselineMedian) + "×";
            if (median / baselineMedian <= RATIO_TARGET) {
                met.add(figure);
                continue;
            }
            missed.add(figure);
            why.append(String.format(Locale.ROOT, "- %s: %s ms over the plain handler: init %s ms, first request %s ms%s. "
                            + "It would need %s ms less to meet the target.\n",
                    subject.name(), signed(median - baselineMedian), signed(init(r).median() - baselineInit),
                    signed((median - init(r).median()) - (baselineMedian - baselineInit)),
                    r.classesLoaded.isPresent() && baseline.classesLoaded.isPresent()
                            ? String.format(Locale.ROOT, "; it loads %d classes where the plain handler loads %d",
                                    r.classesLoaded.getAsInt(), baseline.classesLoaded.getAsInt()) : "",
                    Samples.format(median - RATIO_TARGET * baselineMedian)));
        }
        StringBuilder out = new StringBuilder("**Reading, cold start** (target: each function ≤ ")
                .append(RATIO_TARGET).append("× the plain handler, whose median is ")
                .append(Samples.format(baselineMedian)).append(" ms): ");
        if (missed.isEmpty()) {
            return out.append("**met** by every function (").append(String.join(", ", met)).append(").\n\n")
                    .toString();
        }
        out.append("**missed** by ").append(String.join(", ", missed));
        if (!met.isEmpty()) {
            out.append("; met by ").append(String.join(", ", met));
        }
        Optional<Samples> baselineCpu = cpu(baseline);
        if (baselineCpu.isPresent()) {
            List<String> cpuRatios = new ArrayList<>();
            for (Subject subject : subjects.subList(1, subjects.size())) {
                cpu(results.get(subject)).ifPresent(c -> cpuRatios.add(
                        subject.name() + " " + ratio(c.median() / baselineCpu.get().median()) + "×"));
            }
            if (!cpuRatios.isEmpty()) {
                out.append(". On CPU time, which other load on the machine moves much less: ")
                        .append(String.join(", ", cpuRatios));
            }
        }
        return out.append(".\n\n").append(why).append('\n')
                .append("What it would take: in AWS, SnapStart (already on in template.yaml) takes the init part out of ")
                .append("the request path, because the snapshot is taken after init; a priming hook (a CRaC ")
                .append("`beforeCheckpoint` that sends one canned read through the handler and the DynamoDB client) ")
                .append("would move most of the first-request part into the snapshot as well. Without SnapStart only ")
                .append("loading less helps: fewer classes on the start-up path and fewer libraries in each jar ")
                .append("(below).\n\n")
                .toString();
    }

    private String readingOfSizes(List<Subject> subjects, Map<Subject, JarComposition> compositions) {
        List<Subject> functions = subjects.subList(1, subjects.size());
        if (functions.isEmpty()) {
            return "";
        }
        List<String> over = new ArrayList<>();
        for (Subject subject : functions) {
            if (compositions.get(subject).megabytes() > SIZE_TARGET_MB) {
                over.add(String.format(Locale.ROOT, "%s %.1f MB", subject.name(), compositions.get(subject).megabytes()));
            }
        }
        Subject largest = functions.stream()
                .max(java.util.Comparator.comparingLong(s -> compositions.get(s).bytes())).orElseThrow();
        JarComposition biggest = compositions.get(largest);
        StringBuilder out = new StringBuilder("**Reading, artifact size** (target ≤ ")
                .append(String.format(Locale.ROOT, "%.0f", SIZE_TARGET_MB)).append(" MB each): ")
                .append(over.isEmpty()
                        ? String.format(Locale.ROOT, "**met** (largest: %s, %.1f MB).", largest.name(),
                                biggest.megabytes())
                        : "**missed** by " + String.join(", ", over) + ".")
                .append(String.format(Locale.ROOT, " The plain handler is %.1f MB.",
                        compositions.get(subjects.get(0)).megabytes()))
                .append("\n");

        List<String> notes = new ArrayList<>();
        IntSummaryStatistics classes = functions.stream().mapToInt(s -> compositions.get(s).classes())
                .summaryStatistics();
        if (functions.size() > 1 && classes.getMax() - classes.getMin() <= classes.getMax() / 100) {
            notes.add(String.format(Locale.ROOT, "The %d function jars are nearly the same (%d–%d classes): each "
                    + "carries what all of them need.", functions.size(), classes.getMin(), classes.getMax()));
        }
        for (Subject subject : functions) {
            subject.iamServices().ifPresent(allowed -> {
                List<String> extra = compositions.get(subject).awsServiceClients().stream()
                        .filter(service -> !allowed.contains(IAM_PREFIX.getOrDefault(service, service))).toList();
                if (!extra.isEmpty()) {
                    notes.add(subject.name() + " carries the " + String.join(" and ", extra) + " client"
                            + (extra.size() > 1 ? "s" : "") + " although its IAM role allows no action there.");
                }
            });
        }
        if (!over.isEmpty() || notes.size() > 1) {
            notes.add("To get under the target, give each function only the adapters it calls, starting with the "
                    + "largest parts in the table. Excluding a client in a function's pom is not enough: the shared "
                    + "module's bean definitions name the KMS and Secrets Manager clients and fail initialisation "
                    + "without them (only the Step Functions client, whose factory is conditional, is left out of "
                    + "the three functions that never start executions); Reactor is required by Micronaut's "
                    + "`RouteExecutor`, Joda-Time by the Lambda event serializer. What it takes is splitting "
                    + "`shared/` by capability (keys, runs, usage, workflows) so that each function depends on "
                    + "its own adapters only.");
        }
        if (!notes.isEmpty()) {
            out.append('\n').append(String.join(" ", notes)).append('\n');
        }
        return out.toString();
    }

    /** A ratio to two decimals, or three where two would round a miss onto the target. */
    static String ratio(double value) {
        String two = String.format(Locale.ROOT, "%.2f", value);
        return value > RATIO_TARGET && Double.parseDouble(two) <= RATIO_TARGET
                ? String.format(Locale.ROOT, "%.3f", value) : two;
    }

    private static String signed(double millis) {
        return (millis >= 0 ? "+" : "−") + Samples.format(Math.abs(millis));
    }

    private static Samples total(Results r) {
        return Samples.of(r.measured.stream().map(LambdaJvm.ColdStart::totalMillis).toList());
    }

    private static Optional<Samples> cpu(Results r) {
        List<Double> cpu = r.measured.stream().filter(c -> c.cpuMillis().isPresent())
                .map(c -> c.cpuMillis().getAsDouble()).toList();
        return cpu.isEmpty() || cpu.size() < r.measured.size() ? Optional.empty() : Optional.of(Samples.of(cpu));
    }

    private static Samples init(Results r) {
        return Samples.of(r.measured.stream().map(LambdaJvm.ColdStart::initMillis).toList());
    }

    private static String runtimeClientJar(List<Path> classpath) {
        return classpath.stream().map(p -> p.getFileName().toString())
                .filter(n -> n.startsWith("aws-lambda-java-runtime-interface-client"))
                .findFirst().orElse("aws-lambda-java-runtime-interface-client").replaceFirst("\\.jar$", "");
    }
}
