#!/usr/bin/env python3
"""Derives the project's versioned price table from LiteLLM's model_prices_and_context_window.json (MIT).

Usage: derive_price_table.py <model_prices.json> <source-date> > shared/src/main/resources/pricing/price-table.json

Only the models listed in MODELS are kept: a smaller, reviewed table is easier to trust than 3,000 entries. Prices are
written as exact decimal strings in USD per million tokens; a model missing from the source is reported and skipped.
Bump VERSION_SUFFIX whenever the list or the source changes: every recorded cost names the version it used.

Only base-tier list prices are kept (input, output, cache read, 5-minute and 1-hour cache writes). Not modelled, so
costs of such runs are base-tier estimates: long-context tiers (*_above_200k_tokens, *_above_272k_tokens), priority /
flex / batch tiers, regional multipliers (provider_specific_entry), server-tool fees and cache storage.
"""
import json
import sys
from decimal import Decimal

VERSION_SUFFIX = "1"

# (provider, model id as the provider's API takes it, key in the LiteLLM file)
MODELS = [
    ("anthropic", "claude-opus-4-8", "claude-opus-4-8"),
    ("anthropic", "claude-opus-4-7", "claude-opus-4-7"),
    ("anthropic", "claude-opus-4-6", "claude-opus-4-6"),
    ("anthropic", "claude-opus-4-5", "claude-opus-4-5"),
    ("anthropic", "claude-opus-4-1", "claude-opus-4-1"),
    ("anthropic", "claude-sonnet-5", "claude-sonnet-5"),
    ("anthropic", "claude-sonnet-4-6", "claude-sonnet-4-6"),
    ("anthropic", "claude-sonnet-4-5", "claude-sonnet-4-5"),
    ("anthropic", "claude-haiku-4-5", "claude-haiku-4-5"),
    ("openai", "gpt-4o", "gpt-4o"),
    ("openai", "gpt-4o-mini", "gpt-4o-mini"),
    ("openai", "gpt-4.1", "gpt-4.1"),
    ("openai", "gpt-4.1-mini", "gpt-4.1-mini"),
    ("openai", "gpt-4.1-nano", "gpt-4.1-nano"),
    ("openai", "o3", "o3"),
    ("openai", "o4-mini", "o4-mini"),
    ("openai", "gpt-5", "gpt-5"),
    ("openai", "gpt-5-mini", "gpt-5-mini"),
    ("openai", "gpt-5-nano", "gpt-5-nano"),
    ("openai", "gpt-5.4", "gpt-5.4"),
    ("openai", "gpt-5.5", "gpt-5.5"),
    ("openai", "gpt-5.6", "gpt-5.6"),
    ("gemini", "gemini-2.0-flash", "gemini/gemini-2.0-flash"),
    ("gemini", "gemini-2.5-flash", "gemini/gemini-2.5-flash"),
    ("gemini", "gemini-2.5-flash-lite", "gemini/gemini-2.5-flash-lite"),
    ("gemini", "gemini-2.5-pro", "gemini/gemini-2.5-pro"),
    ("gemini", "gemini-3-flash-preview", "gemini/gemini-3-flash-preview"),
    ("gemini", "gemini-3.1-pro-preview", "gemini/gemini-3.1-pro-preview"),
]

FIELDS = {
    "input": "input_cost_per_token",
    "output": "output_cost_per_token",
    "cacheRead": "cache_read_input_token_cost",
    "cacheWrite": "cache_creation_input_token_cost",
    "cacheWrite1h": "cache_creation_input_token_cost_above_1hr",
}


def per_million(value):
    # repr of the float as written in the file, then exact decimal arithmetic
    amount = (Decimal(repr(value)) * Decimal(1_000_000)).normalize()
    return format(amount, "f")


def main():
    source, source_date = sys.argv[1], sys.argv[2]
    with open(source) as f:
        data = json.load(f)
    table = {
        "version": f"{source_date}.{VERSION_SUFFIX}",
        "source": f"LiteLLM model_prices_and_context_window.json (MIT), copy dated {source_date}",
        "unit": "USD per 1,000,000 tokens",
        "models": {},
    }
    for provider, model, key in MODELS:
        entry = data.get(key)
        if entry is None:
            print(f"skipped {key}: not in source", file=sys.stderr)
            continue
        prices = {name: per_million(entry[field]) for name, field in FIELDS.items() if entry.get(field) is not None}
        table["models"].setdefault(provider, {})[model] = prices
    json.dump(table, sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
