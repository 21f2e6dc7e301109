#!/usr/bin/env python3
"""Transforms template.yaml (SAM) into plain CloudFormation offline and prints it as JSON on stdout.

Usage: sam_transform.py TEMPLATE [REGION]

Offline on purpose: local CodeUris become s3:// URIs (the translator only needs a location, not the artifact),
a state machine's local DefinitionUri becomes its inline Definition (the file `sam deploy` would upload, so the
output holds the real definition), the Region is fixed instead of read from a profile, and managed-policy names
resolve from an empty map instead of calling IAM. Exit status 0 with the template on stdout, 2 with the translator's
errors on stderr.
"""
import json
import os
import sys

import yaml
from samtranslator.model.exceptions import InvalidDocumentException
from samtranslator.translator.arn_generator import ArnGenerator
from samtranslator.translator.transform import transform

OFFLINE_BUCKET = "byok-offline-transform"


class CloudFormationLoader(yaml.SafeLoader):
    """A safe YAML loader that turns the short intrinsic tags (!Ref, !GetAtt, !Sub, ...) into their JSON form."""


def _intrinsic(loader, tag_suffix, node):
    name = tag_suffix
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    if name == "GetAtt" and isinstance(value, str):
        value = value.split(".", 1)
    key = name if name in ("Ref", "Condition") else "Fn::" + name
    return {key: value}


CloudFormationLoader.add_multi_constructor("!", _intrinsic)
# CloudFormation reads '2012-10-17'-like scalars as strings, never as dates.
CloudFormationLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in CloudFormationLoader.yaml_implicit_resolvers.items()
}


class NoIamPolicyLoader:
    """Stands in for ManagedPolicyLoader, which would list every managed policy through the IAM API."""

    def load(self):
        return {}


def offline_code_uris(template, base_dir):
    for resource in template.get("Resources", {}).values():
        properties = resource.setdefault("Properties", {})
        if resource.get("Type") == "AWS::Serverless::Function":
            code_uri = properties.get("CodeUri")
            if isinstance(code_uri, str) and not code_uri.startswith("s3://"):
                properties["CodeUri"] = f"s3://{OFFLINE_BUCKET}/{code_uri.lstrip('./')}"
        elif resource.get("Type") == "AWS::Serverless::StateMachine":
            definition_uri = properties.get("DefinitionUri")
            if isinstance(definition_uri, str) and not definition_uri.startswith("s3://"):
                with open(os.path.join(base_dir, definition_uri), encoding="utf-8") as definition:
                    properties["Definition"] = json.load(definition)
                del properties["DefinitionUri"]


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 64
    region = argv[2] if len(argv) > 2 else "us-east-1"
    os.environ["AWS_DEFAULT_REGION"] = region
    ArnGenerator.BOTO_SESSION_REGION_NAME = region
    with open(argv[1], encoding="utf-8") as source:
        template = yaml.load(source, Loader=CloudFormationLoader)  # noqa: S506 - a SafeLoader subclass
    offline_code_uris(template, os.path.dirname(os.path.abspath(argv[1])))
    try:
        transformed = transform(template, {}, NoIamPolicyLoader())
    except InvalidDocumentException as failure:
        for cause in failure.causes:
            print(cause.message, file=sys.stderr)
        return 2
    json.dump(transformed, sys.stdout, indent=1, sort_keys=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
