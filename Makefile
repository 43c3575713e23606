# Shortcuts for ./dev.sh (which works without make, too).
.PHONY: run test lint bench
run:
	./dev.sh run
test:
	./dev.sh test
lint:
	./dev.sh lint
bench:
	.venv/bin/python bench/bench_search.py
