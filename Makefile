# Shortcuts for ./dev.sh (which works without make, too).
.PHONY: run test lint bench bundle bundle-windows
run:
	./dev.sh run
test:
	./dev.sh test
lint:
	./dev.sh lint
bench:
	.venv/bin/python bench/bench_search.py
# dist/kontakt (and on Linux dist/kontakt-VERSION-linux-ARCH.tar.gz), from kontakt.spec.
bundle:
	./dev.sh bundle
# dist/windows/Kontakt-VERSION-setup.exe, built under Wine on Linux (packaging/windows/).
bundle-windows:
	./dev.sh bundle-windows
