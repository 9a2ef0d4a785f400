"""System programs some tests need (LibreOffice, poppler): found, or a skip naming the Debian package (never on CI)."""

from __future__ import annotations

import shutil

import pytest

import manage


def program(name: str, package: str, purpose: str) -> str:
    """The path of ``name``; where it is missing, a skip naming ``package``, or on CI (CI=true) a failure.

    Example: ``program("soffice", "libreoffice-calc", "open the exports")``.
    """
    found = shutil.which(name)
    if found is None:
        message = f"{name} (Debian package {package}) is needed to {purpose}"
        if manage.on_ci():
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return found
