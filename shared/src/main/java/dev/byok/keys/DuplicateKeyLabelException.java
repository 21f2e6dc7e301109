package dev.byok.keys;

import dev.byok.error.ErrorCode;
import dev.byok.error.ServiceException;

import java.util.List;
import java.util.Map;

/** Another of the tenant's keys already has this label: 409, nothing was stored. */
public class DuplicateKeyLabelException extends ServiceException {
    public DuplicateKeyLabelException() {
        super(ErrorCode.CONFLICT, "Another key of this tenant already has this label (labels are compared ignoring "
                + "case). Choose another label; nothing was stored.", List.of("label must be unique"), Map.of(), null);
    }
}
