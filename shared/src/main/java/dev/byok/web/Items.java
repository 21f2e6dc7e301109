package dev.byok.web;

import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/** A list response: {@code {"items":[...]}}, so fields can be added next to the list later. */
@Serdeable
public record Items<T>(List<T> items) {
}
