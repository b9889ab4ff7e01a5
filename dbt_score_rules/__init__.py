"""This project's dbt conventions as dbt-score rules (run by `make validate`, config in pyproject.toml)."""
