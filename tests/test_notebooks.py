"""Every example notebook runs top to bottom in a real kernel and computes what it says.

nbclient executes a copy of each notebook with one extra cell at the end that prints, as JSON,
the variables the notebook leaves behind; the assertions read them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell

pytestmark = pytest.mark.jupyter

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
NOTEBOOKS = sorted(EXAMPLES.glob("*.ipynb"))
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def execute(name: str, probe: str, tmp_path: Path) -> tuple[Any, dict[str, Any]]:
    """Run examples/`name` plus a last cell `probe` that prints one JSON object."""
    nb = read(EXAMPLES / name)
    nb.cells.append(new_code_cell(f"import json as _json\nprint(_json.dumps({probe}))"))  # type: ignore[no-untyped-call]
    client = NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    )
    client.execute()
    outputs = nb.cells[-1].outputs
    assert [o.output_type for o in outputs] == ["stream"], outputs
    result: dict[str, Any] = json.loads(outputs[0].text)
    return nb, result


def read(path: Path) -> Any:
    return nbformat.read(path, as_version=4)  # type: ignore[no-untyped-call]


def stdout(nb: Any) -> str:
    return "".join(
        o.text for c in nb.cells if c.cell_type == "code" for o in c.outputs if "text" in o
    )


def widget_views(nb: Any) -> list[str]:
    return [
        o.data[WIDGET_VIEW]["model_id"]
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.outputs
        if o.output_type == "execute_result" and WIDGET_VIEW in o.data
    ]


def widget_text(nb: Any, model_id: str) -> str:
    """The text values of a saved widget and of the widgets it holds (nbclient saves their
    state in the notebook's metadata)."""
    models = nb.metadata.widgets["application/vnd.jupyter.widget-state+json"]["state"]
    state = models[model_id]["state"]
    children = [c.removeprefix("IPY_MODEL_") for c in state.get("children", [])]
    return str(state.get("value", "")) + "".join(widget_text(nb, c) for c in children)


def test_the_examples_are_there() -> None:
    assert {p.name for p in NOTEBOOKS} >= {
        "quickstart.ipynb",
        "numpy_spirals.ipynb",
        "export_torch.ipynb",
        "sklearn.ipynb",
    }


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_examples_are_committed_clean(path: Path) -> None:
    nb = read(path)
    nbformat.validate(nb)
    assert nb.metadata.kernelspec.name == "python3"
    assert nb.cells[0].cell_type == "markdown"
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, "commit without outputs"
    assert "widgets" not in nb.metadata, "commit without saved widget state"


def test_quickstart(tmp_path: Path) -> None:
    nb, r = execute(
        "quickstart.ipynb",
        '{"losses": losses, "steps": w.step_count, "accuracy": float(accuracy),'
        ' "n": len(w.X), "loss": w.metrics["loss"], "history": w.history["losses"]}',
        tmp_path,
    )
    assert len(widget_views(nb)) == 1
    assert r["n"] == 200
    assert r["steps"] == 60
    assert len(r["losses"]) == 60  # one per epoch
    assert [row[1] for row in r["history"][1:]] == r["losses"]
    assert r["losses"][-1] < 0.7 * r["losses"][0]
    assert r["losses"][-1] == r["loss"]
    assert r["accuracy"] > 0.85
    text = stdout(nb)
    assert f"-> {r['losses'][-1]:.3f} after 60 steps" in text
    # In a notebook, fit's progress bar is tqdm's widget bar, in the fit cell, at its end.
    fit_cell = next(c for c in nb.cells if "w.fit(" in c.source)
    bars = [
        o.data[WIDGET_VIEW]["model_id"]
        for o in fit_cell.outputs
        if WIDGET_VIEW in o.get("data", {})
    ]
    assert len(bars) == 1
    assert "60/60" in widget_text(nb, bars[0])
    assert f"200 points, training accuracy {r['accuracy']:.1%}" in text


def test_numpy_spirals(tmp_path: Path) -> None:
    nb, r = execute(
        "numpy_spirals.ipynb",
        '{"train": float(train_accuracy), "test": float(test_accuracy),'
        ' "n_test": int(w.test.sum()), "n": len(w.X), "arch": w.config["architecture"]}',
        tmp_path,
    )
    assert len(widget_views(nb)) == 1
    assert r["n"] == 300
    assert 30 < r["n_test"] < 90
    assert r["arch"] == [2, 16, 16, 2]
    assert r["train"] > 0.95
    assert r["test"] > 0.85
    assert f"train {r['train']:.1%}, test {r['test']:.1%}" in stdout(nb)


def test_export_torch(tmp_path: Path) -> None:
    nb, r = execute(
        "export_torch.ipynb",
        '{"module": isinstance(model, torch.nn.Module), "accuracy": float(new_accuracy),'
        ' "difference": float(difference), "classes": w.classes,'
        ' "repr": repr(model)}',
        tmp_path,
    )
    assert len(widget_views(nb)) == 1
    assert r["module"] is True
    assert r["classes"] == 3
    assert "Linear(in_features=3, out_features=6" in r["repr"]
    assert r["difference"] < 1e-6
    assert r["accuracy"] > 0.85
    assert f"accuracy on 1000 new points: {r['accuracy']:.1%}" in stdout(nb)


def test_sklearn(tmp_path: Path) -> None:
    nb, r = execute(
        "sklearn.ipynb",
        '{"scores": scores.tolist(), "classes": w.classes_.tolist(), "n": len(w.X),'
        ' "clf_steps": clf.step_, "clf_epochs": clf.n_iter_, "steps": w.step_count,'
        ' "back_steps": pipe[-1].step_, "back_epochs": pipe[-1].n_iter_,'
        ' "train": float(train_accuracy),'
        ' "same": bool((pipe[-1].predict(w.X) == w.predict(w.X)).all()),'
        ' "history": len(w.history["losses"]), "arch": w.config["architecture"]}',
        tmp_path,
    )
    assert len(r["scores"]) == 5
    assert min(r["scores"]) > 0.85
    assert r["classes"] == ["left", "right"]
    assert r["n"] == 300
    assert r["arch"] == [2, 8, 8, 2]
    assert r["clf_epochs"] == 150
    # The widget took the fitted classifier's state and trained on; the pipeline got it back.
    assert r["steps"] == r["clf_steps"] + 50 == r["back_steps"]
    assert r["back_epochs"] == r["history"] == 200
    assert r["same"] is True
    assert r["train"] > 0.9
    assert len(widget_views(nb)) == 1
    text = stdout(nb)
    mean = sum(r["scores"]) / len(r["scores"])
    assert f"accuracy {mean:.1%}" in text
    assert f"after 200 epochs: training accuracy {r['train']:.1%}" in text
