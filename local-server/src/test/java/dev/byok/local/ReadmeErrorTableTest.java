package dev.byok.local;

import dev.byok.error.ErrorCode;
import dev.byok.testing.lambda.LambdaEvents;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's table of error codes is what clients branch on, so it must list exactly the codes the API can answer,
 * each with its status: a code added to {@link ErrorCode} without a row (or a row left behind) fails here.
 */
class ReadmeErrorTableTest {
    private static final Pattern ROW = Pattern.compile("(?m)^\\| `([a-z_]+)` \\| (\\d{3}) \\|");

    @Test
    void the_readme_error_table_lists_every_error_code_with_its_status() throws Exception {
        String readme = Files.readString(LambdaEvents.repositoryRoot().resolve("README.md"));
        int section = readme.indexOf("\n## API");
        assertTrue(section > 0, "README has an API section");
        int next = readme.indexOf("\n## ", section + 1);
        String api = readme.substring(section, next < 0 ? readme.length() : next);

        List<String> rows = new ArrayList<>();
        Matcher matcher = ROW.matcher(api);
        while (matcher.find()) {
            rows.add(matcher.group(1) + " " + matcher.group(2));
        }
        List<String> codes = Arrays.stream(ErrorCode.values()).map(code -> code.code() + " " + code.status())
                .toList();

        assertEquals(new TreeSet<>(codes), new TreeSet<>(rows), "README error table vs ErrorCode");
        assertEquals(codes.size(), rows.size(), "each code and status has exactly one row: " + rows);
    }
}
