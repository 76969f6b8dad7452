"""Stage 6: versioned model files — ``model.npz`` (arrays) plus ``model.json`` (metadata).

A model file is a zip of ``.npy`` arrays (what :func:`~pmclassify.model.pmmodel.model_arrays` gives)
with one member, ``config``, holding the model's JSON config as UTF-8 bytes; it is read with
``numpy.load(allow_pickle=False)``, so loading one runs no code from it. Its members are written
in a fixed order with fixed timestamps: the same model gives the same bytes, so the same sha256
and version. The metadata beside it records the format, the sha256 (checked at load), the label
set, the lexicon and training-data hashes, the metrics, and the library versions that trained
it (information only: the model loads with any numpy the package accepts, and needs no
scikit-learn). The lexicons are rebuilt from the package's ``corpus/`` (or a folder given) at
load, and must be the ones the model was trained with.
"""

from __future__ import annotations

import hashlib
import io
import json
import platform
import zipfile
from datetime import datetime, timezone
from importlib import metadata as importlib_metadata
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from pmclassify.errors import LexiconError, ModelError
from pmclassify.labels import SENIORITIES, SPECIALIZATIONS

# 1: joblib; 2: 30 spec features; 3: 2 role features; 4: 15 seniority; 5: pickled estimators;
# 6: plain arrays (.npz) and JSON.
FORMAT_VERSION = 6
MODEL_FILE = "model.npz"
_EPOCH = (1980, 1, 1, 0, 0, 0)


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


def model_path(path: str | Path) -> Path:
    """The model file a user means: the path itself, or for its metadata file (``.json``) the
    ``.npz`` beside it.

    >>> model_path("models/model.json").name, model_path("my.npz").name
    ('model.npz', 'my.npz')
    """
    path = Path(path)
    return path.with_suffix(".npz") if path.suffix == ".json" else path


def metadata_path(path: str | Path) -> Path:
    """The metadata file beside a model file: its name with ``.json`` for its extension.

    >>> metadata_path("models/model.npz").name
    'model.json'
    """
    return Path(path).with_suffix(".json")


def write_arrays(path: Path, arrays: dict[str, np.ndarray], config: dict[str, Any]) -> None:
    """Write ``arrays`` and ``config`` as a deterministic ``.npz`` (see the module docstring)."""
    members = {"config": np.frombuffer(json.dumps(config, sort_keys=True).encode(), np.uint8),
               **arrays}
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, arr in members.items():
            buf = io.BytesIO()
            np.lib.format.write_array(buf, np.ascontiguousarray(arr), allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, buf.getvalue(), compresslevel=6)


def read_arrays(path: Path) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    """The arrays and config of a ``.npz`` model file; anything else is a ModelError."""
    if not zipfile.is_zipfile(path):  # np.load would read a lone .npy, or try a pickle
        raise ModelError(f"{path} is not a pmclassify model file (not a zip of arrays); pass "
                         "a model.npz written by `pmclassify train`")
    try:
        with np.load(path, allow_pickle=False) as npz:
            arrays = {name: npz[name] for name in npz.files}
        config = json.loads(bytes(arrays.pop("config")).decode())
    except (ValueError, OSError, EOFError, KeyError, zipfile.BadZipFile,
            UnicodeDecodeError) as exc:
        raise ModelError(f"{path} is not a pmclassify model file ({type(exc).__name__}); pass "
                         "a model.npz written by `pmclassify train`") from exc
    if not isinstance(config, dict):
        raise ModelError(f"{path} is not a pmclassify model file (its config is not an object)")
    return arrays, config


def save_model(model: Any, path: str | Path, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """Write an exported model (:func:`~pmclassify.model.pmmodel.export_model`) to ``path`` (a
    ``.npz``) and its metadata (:func:`metadata_path`); return the metadata."""
    from pmclassify.model.pmmodel import model_arrays

    path = Path(path)
    if path.suffix != ".npz":
        raise ModelError(f"{path}: a model file's name ends in .npz; pass -o NAME.npz")
    path.parent.mkdir(parents=True, exist_ok=True)
    arrays, config = model_arrays(model)
    tmp = path.with_name(path.name + ".tmp")
    write_arrays(tmp, arrays, {"format_version": FORMAT_VERSION, **config})
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
    if path is not None:
        target = model_path(path)
        if not target.exists():
            raise ModelError(f"model file {target} does not exist; pass the path of a model.npz "
                             "written by `pmclassify train`")
        meta_file: Any = metadata_path(target)
    else:
        meta_file = resources.files("pmclassify.models").joinpath("model.json")
    try:
        meta = json.loads(meta_file.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ModelError(f"no metadata file {meta_file} beside the model; retrain it with "
                         "`pmclassify train` so both files are written") from exc
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ModelError(f"{meta_file} is not valid JSON ({exc}); retrain the model") from exc
    if not isinstance(meta, dict):
        raise ModelError(f"{meta_file} is not a model's metadata (not a JSON object)")
    return meta


def check_compatible(meta: dict[str, Any]) -> None:
    """Refuse metadata of another format; library versions are information, not a condition."""
    fmt = meta.get("format_version")
    if fmt == FORMAT_VERSION:
        return
    if isinstance(fmt, int) and fmt < FORMAT_VERSION:
        raise ModelError(
            f"the model is in format {fmt} (a pickle), which this pmclassify no longer reads; "
            "re-export it by training again with `pmclassify train POSTINGS.csv -o model.npz`")
    raise ModelError(f"model format {fmt} is not {FORMAT_VERSION}, the one this pmclassify "
                     "reads; install the pmclassify version that wrote it, or retrain it with "
                     "`pmclassify train`")


def load_model(path: str | Path | None = None,
               lexicon_dir: str | Path | None = None) -> tuple[Any, dict[str, Any]]:
    """Load a model after checking its format and sha256 against its metadata, with the
    lexicons of ``lexicon_dir`` (default: the package's), which must be those it was trained
    with."""
    if path is not None and str(path).endswith(".pkl.gz"):
        raise ModelError(f"{path} is a pickled model (format 5 or older), which this pmclassify "
                         "no longer reads; re-export it by training again with `pmclassify "
                         "train POSTINGS.csv -o model.npz`")
    meta = read_metadata(path)
    check_compatible(meta)
    if path is None:
        with resources.as_file(_default_path()) as p:
            return _load_checked(Path(p), meta, lexicon_dir)
    return _load_checked(model_path(path), meta, lexicon_dir)


def _load_checked(path: Path, meta: dict[str, Any],
                  lexicon_dir: str | Path | None) -> tuple[Any, dict[str, Any]]:
    from pmclassify.cues.lexicons import load_lexicons
    from pmclassify.model.pmmodel import model_from_arrays
    from pmclassify.text.posting import Preprocessor

    if not path.is_file():
        raise ModelError(f"model file {path} does not exist; pass the path of a model.npz "
                         "written by `pmclassify train`")
    if sha256_of(path) != meta.get("sha256"):
        raise ModelError(f"{path} does not match the sha256 in its metadata: the file is "
                         "corrupt or was changed; restore it or retrain with `pmclassify train`")
    arrays, config = read_arrays(path)
    if config.get("format_version") != FORMAT_VERSION:
        raise ModelError(f"{path} holds model format {config.get('format_version')}, not "
                         f"{FORMAT_VERSION}; retrain it with `pmclassify train`")
    pre = Preprocessor()
    try:
        lex = load_lexicons(lexicon_dir, pre=pre)
    except LexiconError as exc:
        raise ModelError(f"the lexicons the model needs cannot be read: {exc}") from exc
    if lex.digest != config.get("lexicon_sha256"):
        raise ModelError(_lexicon_mismatch(config.get("lexicon_files") or {}, lex.files,
                                           lexicon_dir))
    return model_from_arrays(arrays, config, lex, pre), meta


def _lexicon_mismatch(trained: dict[str, str], found: dict[str, str],
                      lexicon_dir: str | Path | None) -> str:
    changed = sorted(k for k in set(trained) | set(found) if trained.get(k) != found.get(k))
    where = f"in {lexicon_dir}" if lexicon_dir is not None else "of this pmclassify"
    files = ", ".join(f"{k}.json" for k in changed) or "their order or names"
    return (f"the lexicons {where} differ from those the model was trained with ({files}); "
            "retrain the model with `pmclassify train`, or load it with the lexicons it was "
            "trained with")
