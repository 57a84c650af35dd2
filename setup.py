"""Build step for the optional compiled cores (the cleaner's src/newsloom/clean/_speedups.c and
the MinHash of src/newsloom/dedup/_minhash.c); everything
else is declared in pyproject.toml. Without a C compiler the build still succeeds
(``optional=True``) and newsloom runs its pure-Python path."""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "newsloom.clean._speedups",
            ["src/newsloom/clean/_speedups.c"],
            optional=True,
        ),
        Extension(
            "newsloom.dedup._minhash",
            ["src/newsloom/dedup/_minhash.c"],
            optional=True,
        ),
    ]
)
