package dev.byok.testing.providers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Prompt measurement and reply text shared by the fakes. Replies never contain any of the prompt. */
final class Replies {

    private Replies() {
    }

    /** All text found in the given request parts: strings, {@code text} fields, nested {@code content}/{@code parts}. */
    static String promptText(JsonNode... nodes) {
        StringBuilder out = new StringBuilder();
        for (JsonNode node : nodes) {
            collect(node, out);
        }
        return out.toString();
    }

    private static void collect(JsonNode node, StringBuilder out) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return;
        }
        if (node.isTextual()) {
            if (!out.isEmpty()) {
                out.append('\n');
            }
            out.append(node.asText());
        } else if (node.isArray()) {
            node.forEach(element -> collect(element, out));
        } else if (node.isObject()) {
            JsonNode text = node.get("text");
            if (text != null && text.isTextual()) {
                collect(text, out);
            }
            collect(node.get("content"), out);
            collect(node.get("parts"), out);
        }
    }

    /** Roughly ceil(chars / 4); at least 1 for non-empty text. */
    static int tokens(String text) {
        return text.isEmpty() ? 0 : (text.length() + 3) / 4;
    }

    static int words(String text) {
        String trimmed = text.strip();
        return trimmed.isEmpty() ? 0 : trimmed.split("\\s+").length;
    }

    static String plainReply(String providerName, String prompt) {
        return "This is the local " + providerName + " stand-in replying to a prompt of " + words(prompt) + " words.";
    }

    /** A JSON reply: a sample of the schema, or {@code {"reply": plain}} when no schema was given. */
    static String structuredReply(JsonNode schema, String plain) {
        if (schema == null || schema.isMissingNode() || schema.isNull()) {
            ObjectNode generic = JsonNodeFactory.instance.objectNode();
            generic.put("reply", plain);
            return generic.toString();
        }
        return JsonSchemaSampler.sample(schema).toString();
    }

    /** Reply text cut to the output-token limit, if any. */
    record Limited(String text, int outputTokens, boolean truncated) {
    }

    static Limited limit(String text, JsonNode maxTokens) {
        int tokens = tokens(text);
        if (maxTokens != null && maxTokens.canConvertToInt() && maxTokens.asInt() > 0 && maxTokens.asInt() < tokens) {
            int max = maxTokens.asInt();
            return new Limited(text.substring(0, Math.min(text.length(), max * 4)), max, true);
        }
        return new Limited(text, tokens, false);
    }
}
