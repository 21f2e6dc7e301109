package dev.byok.keys;

import dev.byok.error.ErrorCode;
import dev.byok.error.ServiceException;

import java.util.List;
import java.util.Map;

/**
 * The referenced secret does not exist, is not readable by this deployment (IAM, its KMS key), has no string value or
 * does not hold a valid API key. A 400 at registration; the run path turns it into a 409 naming the key.
 */
public class ReferencedSecretUnreadableException extends ServiceException {
    public ReferencedSecretUnreadableException(String problem, Throwable cause) {
        super(ErrorCode.INVALID_REQUEST, "The secret named by secretArn cannot be used: " + problem
                + ". Nothing was stored.", List.of("secretArn " + problem), Map.of(), cause);
    }

    /** The rule the secret broke, without the request wording (e.g. "names no secret this deployment can read"). */
    public String problem() {
        return errors().get(0).substring("secretArn ".length());
    }
}
