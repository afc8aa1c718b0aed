"""Build script for pyenzyme-ad (import names ``pyenzyme`` and ``llvm_passes``).

Besides the pure-Python packages, the distribution ships one native artefact:
``pyenzyme/_native/libpyenzyme_reference.so``, the C reference kernels
(csrc/reference.c) that ``pyenzyme.reference`` loads with cffi in ABI mode.
It is not a Python extension module, so it is built by CMake (CMakeLists.txt)
rather than by distutils' compiler.  The hook for that is a placeholder
``CMakeExtension`` handled by the ``CMakeBuild`` build_ext command below:

* ``get_ext_filename`` maps the placeholder to ``pyenzyme/_native/libpyenzyme_reference.so``
  so that setuptools' own bookkeeping (wheel contents, ``--inplace`` copies,
  PEP 660 editable installs) knows the real file name;
* ``build_extension`` configures and builds CMakeLists.txt in a fresh
  directory under build_temp with ``-DPYENZYME_REFERENCE_OUTPUT_DIR`` pointing
  at the directory of that file inside build_lib;
* for ``pip install -e .`` (and ``build_ext --inplace``) setuptools then copies
  the library into the source tree's ``pyenzyme/_native/``.

CMake comes from the ``cmake`` PyPI package listed in pyproject.toml's
build requirements, or from PATH (or the ``CMAKE`` environment variable).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from setuptools import Extension, find_packages, setup
from setuptools.command.build_ext import build_ext
from setuptools.command.sdist import sdist

HERE = Path(__file__).resolve().parent

NATIVE_EXT = "pyenzyme._native.libpyenzyme_reference"
if sys.platform == "win32":
    NATIVE_FILE = "pyenzyme_reference.dll"
else:
    NATIVE_FILE = "libpyenzyme_reference.so"
# Relative to the top level so that they can go into an sdist.
CMAKE_SOURCES = ["CMakeLists.txt", "csrc/reference.c", "csrc/reference.h"]


class CMakeExtension(Extension):
    """Placeholder for a shared library that CMake builds; distutils compiles nothing."""

    def __init__(self, name: str, source_dir: str = ".") -> None:
        super().__init__(name, sources=[])
        self.source_dir = source_dir


def _cmake_executable() -> str:
    explicit = os.environ.get("CMAKE")
    if explicit:
        return explicit
    try:  # the `cmake` wheel from PyPI (a build requirement in pyproject.toml)
        import cmake

        candidate = Path(cmake.CMAKE_BIN_DIR) / ("cmake.exe" if sys.platform == "win32" else "cmake")
        if candidate.is_file():
            return str(candidate)
    except (ImportError, AttributeError):
        pass
    found = shutil.which("cmake")
    if found:
        return found
    raise RuntimeError("CMake >= 3.18 is required to build pyenzyme's C reference kernels: pip install cmake")


class CMakeBuild(build_ext):
    """build_ext that hands CMakeExtension placeholders to CMake."""

    def get_ext_filename(self, fullname: str) -> str:
        # Called both with the dotted name and (by get_ext_fullpath) with its last component.
        if fullname == NATIVE_EXT:
            return os.path.join(*NATIVE_EXT.split(".")[:-1], NATIVE_FILE)
        if fullname == NATIVE_EXT.rpartition(".")[2]:
            return NATIVE_FILE
        return super().get_ext_filename(fullname)

    def get_source_files(self) -> list[str]:
        # sdist asks build_ext for the sources of its extensions.
        files = list(super().get_source_files())
        if any(isinstance(ext, CMakeExtension) for ext in self.extensions):
            files += CMAKE_SOURCES
        return files

    def copy_extensions_to_source(self) -> None:
        # --inplace / editable: pyenzyme/_native/ is not a package and may not exist yet.
        build_py = self.get_finalized_command("build_py")
        for ext in self.extensions:
            if isinstance(ext, CMakeExtension):
                package = self.get_ext_fullname(ext.name).rpartition(".")[0]
                os.makedirs(os.path.abspath(build_py.get_package_dir(package)), exist_ok=True)
        super().copy_extensions_to_source()

    def build_extension(self, ext: Extension) -> None:
        if not isinstance(ext, CMakeExtension):
            super().build_extension(ext)
            return
        # setuptools builds into build_lib first (inplace is switched off while
        # extensions are built) and copies into the source tree afterwards for
        # --inplace / editable installs.
        target = Path(self.get_ext_fullpath(ext.name)).resolve()
        out_dir = target.parent
        out_dir.mkdir(parents=True, exist_ok=True)
        source_dir = (HERE / ext.source_dir).resolve()
        build_dir = Path(self.build_temp).resolve() / "cmake-pyenzyme_reference"
        # Always configure from scratch: the library is one C file, and a cache
        # left behind by another (possibly deleted, isolated-build) cmake breaks builds.
        shutil.rmtree(build_dir, ignore_errors=True)
        build_dir.mkdir(parents=True)

        config = "Debug" if self.debug else "Release"
        cmake = _cmake_executable()
        configure = [
            cmake,
            "-S",
            str(source_dir),
            "-B",
            str(build_dir),
            f"-DCMAKE_BUILD_TYPE={config}",
            f"-DPYENZYME_REFERENCE_OUTPUT_DIR={out_dir}",
        ]
        configure += [arg for arg in os.environ.get("CMAKE_ARGS", "").split() if arg]
        build = [cmake, "--build", str(build_dir), "--config", config]
        if "CMAKE_BUILD_PARALLEL_LEVEL" not in os.environ:
            build += ["--parallel", str(os.cpu_count() or 1)]

        for cmd in (configure, build):
            print(" ".join(cmd), flush=True)
            subprocess.run(cmd, check=True)
        if not target.is_file():
            raise RuntimeError(f"CMake did not produce {target}")


class SDist(sdist):
    """sdist that never ships a prebuilt library (package_data would pick up a local one)."""

    def make_distribution(self) -> None:
        native_dir = os.path.join(*NATIVE_EXT.split(".")[:-1]) + os.sep
        self.filelist.files = [f for f in self.filelist.files if not os.path.normpath(f).startswith(native_dir)]
        super().make_distribution()


setup(
    name="pyenzyme-ad",
    version="0.1.0",
    description="Automatic differentiation (reverse and forward mode) compiler for Numba-jitted Python",
    packages=find_packages(include=["pyenzyme*", "llvm_passes*"]),
    package_data={"pyenzyme": ["_native/*.so", "_native/*.dylib", "_native/*.dll"]},
    include_package_data=False,
    ext_modules=[CMakeExtension(NATIVE_EXT)],
    cmdclass={"build_ext": CMakeBuild, "sdist": SDist},
    install_requires=[
        "numba==0.68.1",
        "llvmlite==0.50.0",
        "numpy",
        "scipy",  # Numba calls BLAS and LAPACK (np.dot, @, np.linalg) through SciPy
        "cffi",
    ],
    extras_require={
        "test": ["pytest", "filecheck", "ruff==0.17.6", "mypy==2.4.1"],
        "docs": ["mkdocs", "mkdocstrings[python]"],
        "bench": ["matplotlib"],
        "jax": ["jax"],
    },
    entry_points={"console_scripts": ["pyenzyme = pyenzyme.cli:main"]},
    zip_safe=False,
    classifiers=[
        "Programming Language :: Python :: 3",
        "Programming Language :: C",
        "Operating System :: POSIX :: Linux",
        "Topic :: Scientific/Engineering :: Mathematics",
    ],
)
