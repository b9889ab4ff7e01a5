"""Benchmark tools, kept apart from the runtime package: no module outside cxm.benchmarks imports
them, and only the `cxm bench` / `cxm bench-models` commands load them (lazily).

- build: build cost per scale against the machine's floor (`cxm bench`, `make bench`);
- models: fit quality of the predictive models against published figures (`cxm bench-models`).
"""
