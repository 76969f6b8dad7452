"""The package's layout: imports point one way, down the pipeline's stages, and no module grows
past what a reader takes in at once. Imports written inside functions count too."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "pmclassify"
# Each stage may import its own and the earlier ones, never a later one.
STAGES = {"errors": 0, "labels": 0, "files": 0, "text": 1, "cues": 2, "weak": 3, "model": 4,
          "predict": 5, "train": 6, "evaluate": 7, "batch": 8, "report": 9, "serve": 9, "cli": 10,
          "__init__": 11, "__main__": 11}
MAX_LINES = 300


def _modules() -> dict[str, Path]:
    return {".".join(("pmclassify", *p.relative_to(PACKAGE).with_suffix("").parts)): p
            for p in PACKAGE.rglob("*.py") if "corpus" not in p.parts and "models" not in p.parts}


def _imports(path: Path, known: set[str]) -> set[str]:
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        out |= {n for n in names if n in known and n.startswith("pmclassify.")}
    return out


def _stage(module: str) -> int:
    parts = module.split(".")
    return STAGES[parts[1] if len(parts) > 1 else "__init__"]


def _graph() -> dict[str, set[str]]:
    mods = _modules()
    known = set(mods) | {m.removesuffix(".__init__") for m in mods}
    graph = {}
    for name, path in mods.items():
        name = name.removesuffix(".__init__")
        graph[name] = {m for m in _imports(path, known) if m != name}
    return graph


def test_every_module_has_a_stage():
    for module in _graph():
        assert _stage(module) >= 0, module


def test_imports_point_down_the_pipeline():
    wrong = [(m, dep) for m, deps in _graph().items() for dep in deps
             if _stage(dep) > _stage(m)]
    assert not wrong, f"imports up the pipeline: {wrong}"


def test_no_import_cycle():
    graph = _graph()
    state: dict[str, int] = {}

    def visit(m: str, path: list[str]) -> None:
        state[m] = 1
        for dep in sorted(graph.get(m, ())):
            if state.get(dep) == 1:
                raise AssertionError(f"import cycle: {' -> '.join(path + [m, dep])}")
            if dep not in state:
                visit(dep, path + [m])
        state[m] = 2

    for m in sorted(graph):
        if m not in state:
            visit(m, [])


def test_prediction_does_not_import_training_code():
    graph = _graph()
    seen, todo = set(), ["pmclassify.predict.classifier", "pmclassify.model.artifacts"]
    while todo:
        m = todo.pop()
        if m not in seen:
            seen.add(m)
            todo += graph.get(m, ())
    assert not {m for m in seen if m.split(".")[1] in ("weak", "train", "evaluate", "batch")
                or m == "pmclassify.model.estimators"}, sorted(seen)


def test_modules_stay_readable():
    long = {name: n for name, path in _modules().items()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, long
