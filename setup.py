"""Build step: copy the shipped data, notebooks and caveats log into the wheel's package folder.

git keeps ONE copy of data/, notebooks/ and docs/ at the top of the repository (the layout
researchers know); an installed package needs them inside the package, where
``qpanalysis.config`` finds them with importlib.resources. setuptools' package-data only
takes files under a package folder, and mapping data/ and notebooks/ in as subpackages
would need every subpackage listed by hand, so build_py copies the files listed in
``qpanalysis.config.SHIPPED_FILES`` into the build folder instead, at the same relative
paths. An editable install (``pip install -e .``, what manage.py makes) copies nothing:
it reads the files where git keeps them. MANIFEST.in puts the same files into the sdist.
"""

from __future__ import annotations

import ast
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
CONFIG = ROOT / "qpanalysis" / "config.py"


def shipped_files() -> list[Path]:
    """The files matched by ``SHIPPED_FILES`` in config.py, read without importing the package."""
    for node in ast.parse(CONFIG.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "SHIPPED_FILES" for t in node.targets):
            patterns = ast.literal_eval(node.value)
            break
    else:
        raise SystemExit(f"{CONFIG}: no SHIPPED_FILES tuple")
    files = []
    for pattern in patterns:
        matched = sorted(p for p in ROOT.glob(pattern) if p.is_file())
        if not matched:
            raise SystemExit(f"SHIPPED_FILES pattern {pattern!r} matches no file under {ROOT}")
        files += matched
    return files


class BuildPy(build_py):
    """build_py that also copies the shipped files into ``<build_lib>/qpanalysis/``."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return
        for source in shipped_files():
            target = Path(self.build_lib, "qpanalysis", source.relative_to(ROOT))
            self.mkpath(str(target.parent))
            self.copy_file(str(source), str(target))


setup(cmdclass={"build_py": BuildPy})
