"""The pipeline builds the table, the board draws it: no module under pipeline/ may import board."""
import ast

from conftest import REPO


def test_pipeline_never_imports_board():
    offenders = []
    for path in sorted((REPO / "pipeline").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            offenders += [f"{path.name}: {n}" for n in names if n == "board" or n.startswith("board.")]
    assert offenders == []


def test_page_modules_live_in_board():
    for name in ("figures", "filters", "export", "network", "ui_text"):
        assert (REPO / "board" / f"{name}.py").is_file()
        assert not (REPO / "pipeline" / f"{name}.py").exists()
