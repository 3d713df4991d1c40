# Conveniences over scripts/; each target reuses .venv (made by scripts/_venv.sh).
PY := .venv/bin/python

.PHONY: venv sample test quality injected injected-stages fit ecbplus bench
sample:
	scripts/sample
test:
	scripts/test
quality: venv
	$(PY) -m tests.quality.score
	$(PY) -m tests.quality.realpairs
	$(PY) -m tests.quality.mixed
injected: venv
	$(PY) -m tests.quality.injected --baseline
injected-stages: venv
	$(PY) -m tests.quality.injected_stages
# Refit the engine on the development half: word associations, then the models.
fit: venv
	$(PY) -m tests.quality.associations
	$(PY) -m tests.quality.fit
	$(PY) -m tests.quality.fit_story
ecbplus: venv
	$(PY) -m tests.quality.ecbplus --all
bench: venv
	$(PY) -m tests.benchmarks.bench_engine
	$(PY) -m tests.benchmarks.bench_long
	$(PY) -m tests.benchmarks.bench_store
	$(PY) -m tests.benchmarks.bench_pdf
	$(PY) -m tests.benchmarks.bench_window
# Creates or reuses .venv (installing only when pyproject.toml changed) and
# compiles the project's modules.
venv:
	bash -c '. scripts/_venv.sh dev'
