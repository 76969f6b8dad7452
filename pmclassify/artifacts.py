"""Stage 6: versioned model artifacts — ``model.pkl.gz`` plus ``model.json`` metadata.

The model is a gzipped pickle (protocol 5) rather than a joblib file: ``joblib.load`` unpickles
in pure Python (0.29 s for the shipped model), the C unpickler takes 0.03 s. The metadata
records the library versions, label set, training-data and lexicon hashes, metrics and the
model file's sha256; loading checks the hash and the versions before
unpickling. Model files are pickles: load only files from a source you trust.
"""

from __future__ import annotations

import hashlib
import json
import platform
from datetime import datetime, timezone
from importlib import metadata as importlib_metadata
from importlib import resources
from pathlib import Path
from typing import Any

from pmclassify.errors import ModelError
from pmclassify.labels import SENIORITIES, SPECIALIZATIONS

FORMAT_VERSION = 5  # 1: joblib; 2: 30 spec features; 3: 2 role features; 4: 15 seniority
MODEL_FILE = "model.pkl.gz"
# Libraries whose pickles must match in major.minor for a model to load safely.
PINNED = ("scikit-learn", "numpy")


def _version(dist: str) -> str:
    try:
        return importlib_metadata.version(dist)
    except importlib_metadata.PackageNotFoundError:
        return "missing"


def library_versions() -> dict[str, str]:
    libs = ("pmclassify", "scikit-learn", "spacy", "spacy-lookups-data", "numpy", "scipy")
    return {"python": platform.python_version(), **{d: _version(d) for d in libs}}


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _minor(v: str) -> str:
    return ".".join(v.split(".")[:2])


def metadata_path(path: str | Path) -> Path:
    """The metadata file beside a model file: its name with ``.json`` for its extension(s).

    >>> metadata_path("models/model.pkl.gz").name, metadata_path("my.model").name
    ('model.json', 'my.json')
    """
    path = Path(path)
    if path.name.endswith(".pkl.gz"):
        return path.with_name(path.name[: -len(".pkl.gz")] + ".json")
    return path.with_suffix(".json")


def save_model(model: Any, path: str | Path, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """Write ``path`` (a gzipped pickle, ``.pkl.gz`` by convention) and its metadata
    (:func:`metadata_path`)."""
    import gzip
    import pickle

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    # mtime=0: the same model gives the same bytes, hence the same sha256 and version.
    tmp.write_bytes(gzip.compress(pickle.dumps(model, protocol=5), compresslevel=6, mtime=0))
    digest = sha256_of(tmp)
    meta: dict[str, Any] = {
        "format_version": FORMAT_VERSION,
        "model_version": f"{_version('pmclassify')}+{digest[:12]}",
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "libraries": library_versions(),
        "labels": {"specialization": list(SPECIALIZATIONS), "seniority": list(SENIORITIES)},
        "lexicon_sha256": model.lexicons.digest,
        "sha256": digest,
        **(extra or {}),
    }
    tmp.replace(path)
    metadata_path(path).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    return meta


def _default_path() -> Any:
    return resources.files("pmclassify.models").joinpath(MODEL_FILE)


def read_metadata(path: str | Path | None = None) -> dict[str, Any]:
    """The metadata of the model at ``path`` (default: the shipped model)."""
    target: Any = Path(path) if path is not None else _default_path()
    meta_file = metadata_path(target) if isinstance(target, Path) else \
        resources.files("pmclassify.models").joinpath("model.json")
    try:
        return dict(json.loads(meta_file.read_text(encoding="utf-8")))
    except FileNotFoundError as exc:
        raise ModelError(f"no metadata file {meta_file} beside the model; retrain it with "
                         "`pmclassify train` so both files are written") from exc
    except json.JSONDecodeError as exc:
        raise ModelError(f"{meta_file} is not valid JSON ({exc}); retrain the model") from exc


def check_compatible(meta: dict[str, Any]) -> None:
    """Refuse metadata from another format or from pickling libraries of another minor version."""
    if meta.get("format_version") != FORMAT_VERSION:
        raise ModelError(
            f"model format {meta.get('format_version')} is not {FORMAT_VERSION}, the one this "
            "pmclassify reads; retrain it with `pmclassify train` or install the pmclassify "
            "version that wrote it")
    for lib in PINNED:
        want, have = meta.get("libraries", {}).get(lib, "?"), _version(lib)
        if _minor(want) != _minor(have):
            raise ModelError(
                f"the model was written with {lib} {want} but {have} is installed; "
                f"install {lib}=={_minor(want)}.* or retrain with `pmclassify train`")


def load_model(path: str | Path | None = None) -> tuple[Any, dict[str, Any]]:
    """Load a model after checking its sha256 and versions against its metadata."""
    meta = read_metadata(path)
    check_compatible(meta)
    if path is None:
        with resources.as_file(_default_path()) as p:
            return _load_checked(Path(p), meta)
    return _load_checked(Path(path), meta)


def _load_checked(path: Path, meta: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
    import gzip
    import pickle

    if not path.is_file():
        raise ModelError(f"model file {path} does not exist; pass the path of a model file "
                         "written by `pmclassify train`")
    if sha256_of(path) != meta.get("sha256"):
        raise ModelError(f"{path} does not match the sha256 in its metadata: the file is "
                         "corrupt or was changed; restore it or retrain with `pmclassify train`")
    try:
        model = pickle.loads(gzip.decompress(path.read_bytes()))
    except Exception as exc:  # unpickling errors come in many types
        raise ModelError(f"{path} could not be unpickled ({type(exc).__name__}); "
                         "retrain with `pmclassify train`") from exc
    return model, meta
