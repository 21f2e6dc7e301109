package dev.byok.usage;

import java.util.Locale;

/**
 * The representations {@code GET /usage} can answer with, chosen from the request's {@code Accept} header: JSON
 * (the default, also for a missing header or {@code *}{@code /*}) or CSV ({@code text/csv}). Quality values are
 * honoured; on a tie JSON wins. Anything else is refused with 406 before any data is read.
 */
public enum UsageFormat {
    JSON("application", "json"),
    CSV("text", "csv");

    private final String type;
    private final String subtype;

    UsageFormat(String type, String subtype) {
        this.type = type;
        this.subtype = subtype;
    }

    public String mediaType() {
        return type + "/" + subtype;
    }

    public static UsageFormat negotiate(String accept) {
        if (accept == null || accept.isBlank()) {
            return JSON;
        }
        UsageFormat best = null;
        double bestQuality = 0;
        for (UsageFormat format : values()) {
            double quality = format.qualityIn(accept);
            if (quality > bestQuality) {
                best = format;
                bestQuality = quality;
            }
        }
        if (best == null) {
            throw new NotAcceptableException("GET /usage answers application/json (the default) or text/csv: send "
                    + "an Accept header that allows one of them.");
        }
        return best;
    }

    /** The quality the header gives this format: that of the most specific media range matching it, else 0. */
    private double qualityIn(String accept) {
        int bestSpecificity = -1;
        double quality = 0;
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            String[] mediaType = parts[0].strip().toLowerCase(Locale.ROOT).split("/", -1);
            if (mediaType.length != 2) {
                continue;
            }
            int specificity = specificity(mediaType[0], mediaType[1]);
            if (specificity <= bestSpecificity) {
                continue;
            }
            Double q = qualityParameter(parts);
            if (q == null) {
                continue;
            }
            bestSpecificity = specificity;
            quality = q;
        }
        return quality;
    }

    /** 2 for an exact match, 1 for {@code type/*}, 0 for {@code *}{@code /*}, -1 for no match. */
    private int specificity(String rangeType, String rangeSubtype) {
        if (rangeType.equals(type) && rangeSubtype.equals(subtype)) {
            return 2;
        }
        if (rangeType.equals(type) && rangeSubtype.equals("*")) {
            return 1;
        }
        return rangeType.equals("*") && rangeSubtype.equals("*") ? 0 : -1;
    }

    /** The {@code q} parameter (1 when absent), or null when it is not a number from 0 to 1. */
    private static Double qualityParameter(String[] parts) {
        for (int i = 1; i < parts.length; i++) {
            String[] parameter = parts[i].split("=", 2);
            if (parameter.length == 2 && parameter[0].strip().equalsIgnoreCase("q")) {
                try {
                    double q = Double.parseDouble(parameter[1].strip());
                    return q >= 0 && q <= 1 ? q : null;
                } catch (NumberFormatException e) {
                    return null;
                }
            }
        }
        return 1.0;
    }
}
