"""The repository's pre-commit hooks (.pre-commit-hooks.yaml), run by the real ``pre-commit`` tool.

``pre-commit try-repo`` installs this checkout into a fresh virtualenv (``language: python``: pip
fetches edtools' dependencies, from PyPI or the configured index) and runs the hooks on a
temporary git repository, as a newsroom's repository would. Skipped, with the reason, when
pre-commit or git is missing or the dependencies cannot be installed (no package index).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PRE_COMMIT = shutil.which("pre-commit", path=str(Path(sys.executable).parent)) or shutil.which("pre-commit")
INSTALL_FAILED = ("Could not find a version", "No matching distribution", "Failed to establish a new connection",
                  "Temporary failure in name resolution", "Network is unreachable", "ProxyError")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(PRE_COMMIT is None, reason="pre-commit is not installed (pip install -e '.[test]')"),
    pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
]


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.email=desk@example.org", "-c", "user.name=Desk", *args], cwd=cwd,
                   check=True, capture_output=True)


@pytest.fixture(scope="module")
def newsroom(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small newsroom repository: drafts (one with a repeated word), a Spanish source, a term base."""
    root = tmp_path_factory.mktemp("newsroom")
    (root / "drafts").mkdir()
    (root / "drafts" / "visit.en.md").write_text("# Visit\n\nThe the minister arrived in Quito.\n", encoding="utf-8")
    (root / "drafts" / "clean.en.md").write_text("# Talks\n\nThe minister arrived in Quito on Monday.\n",
                                                 encoding="utf-8")
    (root / "drafts" / "visita.es.md").write_text("# Visita\n\nEl el ministro llegó a Quito.\n", encoding="utf-8")
    shutil.copytree(REPO / "glossary", root / "glossary")  # the shipped term base
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "drafts")
    return root


def try_repo(newsroom: Path, *files: str) -> subprocess.CompletedProcess:
    """``pre-commit try-repo`` with both hooks of this checkout (one environment install per call)."""
    env = dict(os.environ, PRE_COMMIT_HOME=str(newsroom.parent / "pre-commit-home"), PRE_COMMIT_COLOR="never")
    env.pop("EDTOOLS_DEBUG", None)
    args = [PRE_COMMIT, "try-repo", str(REPO), "--verbose"]
    args += ["--files", *files] if files else ["--all-files"]
    r = subprocess.run(args, cwd=newsroom, env=env, capture_output=True, text=True, timeout=900)
    out = r.stdout + r.stderr
    if (r.returncode != 0 and "An unexpected error has occurred" in out) or any(s in out for s in INSTALL_FAILED):
        pytest.skip(f"pre-commit could not install the hook environment: {out.strip().splitlines()[-1][:200]}")
    return r


def hook_block(output: str, name: str) -> str:
    """The part of pre-commit's output that belongs to one hook (from its status line to the next)."""
    start = output.index(name + "...")
    nxt = [output.find(other + "...", start + 1) for other in ("edtools lint", "edtools glossary validate")]
    ends = [i for i in nxt if i > start]
    return output[start : min(ends) if ends else len(output)]


def test_hooks_on_a_newsroom_repository(newsroom: Path) -> None:
    # every file: the draft with a repeat fails, the Spanish source is not linted, the term base passes
    r = try_repo(newsroom)
    assert r.returncode == 1, r.stdout + r.stderr
    lint = hook_block(r.stdout, "edtools lint")
    assert "Failed" in lint.splitlines()[0]
    assert "drafts/visit.en.md:3:1: ED101 [repeated-word] repeated word 'The'" in lint
    assert "visita.es.md" not in lint and "clean.en.md" not in lint  # sources (*.es.md) are not drafts
    gloss = hook_block(r.stdout, "edtools glossary validate")
    assert "Passed" in gloss.splitlines()[0] and "0 errors" in gloss

    # a clean draft passes; a broken glossary entry fails at file:line
    bad = newsroom / "glossary" / "extra.yaml"
    bad.write_text("entries:\n  - id: test-alcalde\n    es: alcaldesa mayor de prueba\n    en: mayor\n    case: upper\n", encoding="utf-8")
    git(newsroom, "add", "-A")
    try:
        r = try_repo(newsroom, "drafts/clean.en.md", "glossary/extra.yaml")
        assert r.returncode == 1, r.stdout + r.stderr
        assert "Passed" in hook_block(r.stdout, "edtools lint").splitlines()[0]
        gloss = hook_block(r.stdout, "edtools glossary validate")
        assert "Failed" in gloss.splitlines()[0]
        assert "glossary/extra.yaml:5:11: GL001 error: case: 'upper' is not a case policy" in gloss
    finally:
        bad.unlink()
        git(newsroom, "add", "-A")
