"""docs/tutorial.ipynb runs from top to bottom in a real Jupyter kernel and shows the HTML reports."""
import re
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")
pytest.importorskip("matplotlib")

NOTEBOOK = Path(__file__).resolve().parent.parent / "docs" / "tutorial.ipynb"


@pytest.fixture(scope="module")
def executed():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    for cell in nb.cells:                      # run it fresh, not from the saved outputs
        if cell.cell_type == "code":
            cell.outputs = []
    client = nbclient.NotebookClient(nb, timeout=120, kernel_name="python3",
                                     resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    client.execute()
    return nb


def _outputs(nb, mime):
    return [out["data"][mime] for cell in nb.cells if cell.cell_type == "code"
            for out in cell.outputs if mime in out.get("data", {})]


def test_no_cell_fails(executed):
    errors = [out for cell in executed.cells if cell.cell_type == "code"
              for out in cell.outputs if out.output_type == "error"]
    assert errors == []


def test_the_reports_are_drawn_with_highlighted_findings(executed):
    pages = [p for p in _outputs(executed, "text/html") if "fxaudit-report" in p]
    assert len(pages) == 5                                  # the story, then four documents
    story = pages[0]
    marked = re.findall(r'<mark class="[^"]*" data-verdict="(\w+)"[^>]*>([^<]*)</mark>', story)
    assert ("inconsistent", "US$818") in marked and ("consistent", "US$425") in marked
    assert 'title="Finding 1: inconsistent (gross)' in story
    assert "fxaudit-legend" in story and 'class="fxaudit-findings"' in story
    verdicts = " ".join(pages)
    assert 'data-verdict="unverifiable"' in verdicts        # the rouble taxi fare


def test_the_findings_table_and_plot(executed):
    tables = [p for p in _outputs(executed, "text/html") if "<table" in p and "fxaudit-report" not in p]
    assert tables and "rate_text" in tables[0] and "inconsistent" in tables[0]
    assert _outputs(executed, "image/png")
