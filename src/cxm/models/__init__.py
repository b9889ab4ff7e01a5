"""Predictive customer models used by the dbt Python models (models/marts/predictive/).

Each module holds typed, deterministic functions that take plain pandas frames, so pytest can
test them on small fixed inputs without dbt, and the dbt Python models stay thin wrappers:
- `clv`: buy-till-you-die predicted CLV (BG/NBD + Gamma-Gamma, via the `lifetimes` library);
- `churn`: churn risk from behaviour, service and feedback, trained on an earlier period and
  evaluated on a later one (scikit-learn).
"""
