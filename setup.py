"""Build step for the optional compiled core (src/newsloom/clean/_speedups.c); everything
else is declared in pyproject.toml. Without a C compiler the build still succeeds
(``optional=True``) and newsloom runs its pure-Python path."""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "newsloom.clean._speedups",
            ["src/newsloom/clean/_speedups.c"],
            optional=True,
        )
    ]
)
