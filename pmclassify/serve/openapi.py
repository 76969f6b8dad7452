"""Stage 9b: the OpenAPI description of the HTTP API (:mod:`pmclassify.serve.http`), written
out rather than generated, so that it says what the answers hold."""

from __future__ import annotations

from typing import Any

from pmclassify import __version__
from pmclassify.labels import SENIORITIES, SPECIALIZATIONS

_POSTING = {
    "type": "object",
    "properties": {
        "text": {"type": "string", "description": "The posting's description."},
        "title": {"type": ["string", "null"], "description": "Its job title, if known."},
    },
    "additionalProperties": False,
}
_EVIDENCE = {
    "type": "object",
    "properties": {
        "where": {"enum": ["title", "body", "rule"]},
        "phrase": {"type": "string"}, "note": {"type": "string"},
        "kind": {"enum": ["phrase", "term", "role", "finding"]},
        "label": {"type": ["string", "null"]}, "title_line": {"type": "integer"},
        "start": {"type": ["integer", "null"],
                  "description": "Offset of the phrase in the title (where=title and "
                                 "title_line=0) or the text; null when not found."},
        "end": {"type": ["integer", "null"]},
        "text": {"type": "string", "description": "The evidence as a sentence."},
    },
}
_SPEC = {"enum": [*SPECIALIZATIONS, None]}
_PREDICTION = {
    "type": "object",
    "properties": {
        "is_pm": {"type": "boolean"}, "pm_score": {"type": "number"},
        "specialization": _SPEC, "secondary_specialization": _SPEC,
        "seniority": {"enum": [*SENIORITIES, None]},
        "specialization_score": {"type": ["number", "null"]},
        "secondary_score": {"type": ["number", "null"]},
        "seniority_score": {"type": ["number", "null"]},
        "specialization_scores": {"type": "object", "additionalProperties": {"type": "number"}},
        "seniority_scores": {"type": "object", "additionalProperties": {"type": "number"}},
        "evidence": {"type": "object",
                     "additionalProperties": {"type": "array", "items": _EVIDENCE}},
        "warnings": {"type": "array", "items": {
            "type": "object", "properties": {"code": {"type": "string"},
                                             "message": {"type": "string"}}}},
        "needs_review": {"type": "boolean"},
        "review_reasons": {"type": "array", "items": {"type": "string"}},
        "language": {"type": "string"}, "model_version": {"type": "string"},
    },
}
_ERROR = {"type": "object", "properties": {"error": {"type": "object", "properties": {
    "status": {"type": "integer"}, "message": {"type": "string"}}}}}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict[str, Any]) -> dict[str, Any]:
    return {"content": {"application/json": {"schema": schema}}}


def _errors(*codes: int) -> dict[str, Any]:
    what = {400: "not JSON", 413: "too large", 422: "a field of the wrong type or shape"}
    return {str(c): {"description": what[c], **_json({"$ref": "#/components/schemas/Error"})}
            for c in codes}


def openapi_schema(model_version: str, max_batch: int) -> dict[str, Any]:
    """The OpenAPI 3.1 document of the API."""
    return {
        "openapi": "3.1.0",
        "info": {"title": "pmclassify", "version": __version__,
                 "description": f"Product-management roles, their specialization and rung "
                                f"(model {model_version})."},
        "paths": {
            "/v1/classify": {"post": {
                "summary": "Classify one posting",
                "requestBody": {"required": True,
                                **_json({"$ref": "#/components/schemas/Posting"})},
                "responses": {"200": {"description": "The prediction",
                                      **_json({"$ref": "#/components/schemas/Prediction"})},
                              **_errors(400, 413, 422)}}},
            "/v1/classify/batch": {"post": {
                "summary": f"Classify up to {max_batch} postings",
                "requestBody": {"required": True, **_json({
                    "type": "object", "required": ["postings"],
                    "properties": {"postings": {"type": "array", "maxItems": max_batch,
                                                "items": _ref("Posting")}}})},
                "responses": {"200": {"description": "One prediction per posting, in order",
                                      **_json({"type": "object", "properties": {
                                          "model_version": {"type": "string"},
                                          "predictions": {"type": "array", "items": {
                                              "$ref": "#/components/schemas/Prediction"}}}})},
                              **_errors(400, 413, 422)}}},
            "/healthz": {"get": {"summary": "Liveness", "responses": {"200": {
                "description": "ok, and the model's version"}}}},
            "/v1/labels": {"get": {"summary": "The label set, named and defined",
                                   "responses": {"200": {"description": "The labels"}}}},
        },
        "components": {"schemas": {"Posting": _POSTING, "Prediction": _PREDICTION,
                                   "Evidence": _EVIDENCE, "Error": _ERROR}},
    }
