package dev.byok.testing.lambda;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

/**
 * A minimal Lambda {@link Context} for handler tests: a fresh request id per instance, a deadline counted from creation
 * (default 30 s), 1024 MB, and a logger writing to stderr.
 */
public final class TestLambdaContext implements Context {

    private final String requestId = UUID.randomUUID().toString();
    private final String functionName;
    private final long deadlineMillis;
    private final int memoryLimitMb;
    private final LambdaLogger logger = new StderrLogger();

    public TestLambdaContext() {
        this("byok-test-function", Duration.ofSeconds(30));
    }

    public TestLambdaContext(String functionName, Duration timeout) {
        this(functionName, timeout, 1024);
    }

    public TestLambdaContext(String functionName, Duration timeout, int memoryLimitMb) {
        this.functionName = functionName;
        this.deadlineMillis = System.currentTimeMillis() + timeout.toMillis();
        this.memoryLimitMb = memoryLimitMb;
    }

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/" + functionName;
    }

    @Override
    public String getLogStreamName() {
        return "2026/01/01/[$LATEST]" + requestId.replace("-", "");
    }

    @Override
    public String getFunctionName() {
        return functionName;
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return "arn:aws:lambda:us-east-1:123456789012:function:" + functionName;
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, deadlineMillis - System.currentTimeMillis()));
    }

    @Override
    public int getMemoryLimitInMB() {
        return memoryLimitMb;
    }

    @Override
    public LambdaLogger getLogger() {
        return logger;
    }

    private static final class StderrLogger implements LambdaLogger {
        @Override
        public void log(String message) {
            System.err.println(message);
        }

        @Override
        public void log(byte[] message) {
            System.err.println(new String(message, StandardCharsets.UTF_8));
        }
    }
}
