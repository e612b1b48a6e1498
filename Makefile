# vol: a compound's volunteer register in one local file.
GO ?= go

.PHONY: demo test lint build golden fuzz bench bench-smoke clean

# LINT_PKGS: the packages `make lint` holds to errcheck.
LINT_PKGS ?= ./ledger/... ./allocate/... ./cmd/...

## demo: build a ledger of the sample compound 凯旋华庭 and show its figures
demo:
	$(GO) run ./cmd/vol demo

## test: formatting, vet, lint, a Windows and a macOS build, every test, and
## make bench-smoke (the benchmark's answer checks at a tiny size; no timing)
test:
	@unformatted=$$(gofmt -l cmd ledger allocate testdata); \
	  if [ -n "$$unformatted" ]; then echo "gofmt needed: $$unformatted"; exit 1; fi
	$(GO) vet ./... ./testdata/
	$(GO) vet -tags voltest ./...
	$(MAKE) lint
	GOOS=windows GOARCH=amd64 $(GO) build -o /dev/null ./cmd/vol
	GOOS=darwin GOARCH=arm64 $(GO) build -o /dev/null ./cmd/vol
	CGO_ENABLED=0 $(GO) build -o /dev/null ./cmd/vol
	$(GO) test ./...
	$(MAKE) fuzz
	$(MAKE) bench-smoke

## lint: no error return left unchecked in LINT_PKGS (errcheck, pinned in go.mod's
## tool section), but for the calls errcheck_excludes.txt lists with its reasons;
## tests are left out (allocate's and sheet's tests drop a few errors of no matter)
lint:
	$(GO) tool errcheck -ignoretests -exclude errcheck_excludes.txt $(LINT_PKGS)

## build: the vol binary, static (no cgo)
build:
	CGO_ENABLED=0 $(GO) build -o vol ./cmd/vol

## golden: rewrite golden files and script outputs after a deliberate change
golden:
	$(GO) test ./cmd/vol/ ./allocate/ -update

## fuzz: ten seconds of each fuzz target (their seed corpora run in every go test);
## FuzzReplay runs 5,000 inputs instead: its new inputs take long to minimize, and a
## time limit reached while a worker minimizes failed the run ("context deadline
## exceeded") though no input did.
fuzz:
	$(GO) test ./ledger/ -run '^$$' -fuzz '^FuzzParseAddress$$' -fuzztime 10s -fuzzminimizetime 2s
	$(GO) test ./ledger/ -run '^$$' -fuzz '^FuzzReplay$$' -fuzztime 5000x -fuzzminimizetime 2s
	$(GO) test ./ledger/ -run '^$$' -fuzz '^FuzzMarshalOps$$' -fuzztime 5s -fuzzminimizetime 2s
	$(GO) test ./ledger/ -run '^$$' -fuzz '^FuzzDecodeOps$$' -fuzztime 10s -fuzzminimizetime 2s
	$(GO) test ./ledger/sheet/ -run '^$$' -fuzz '^FuzzRead$$' -fuzztime 10s -fuzzminimizetime 2s
	$(GO) test ./allocate/ -run '^$$' -fuzz '^FuzzParseRules$$' -fuzztime 10s -fuzzminimizetime 2s
	$(GO) test ./ledger/jielong/ -run '^$$' -fuzz '^FuzzParse$$' -fuzztime 60000x -fuzzminimizetime 2s

clean:
	rm -f vol

## bench: vol against the tools people would use instead (issues 7 and 22), table in
## testdata/bench/latest.md; BENCH_SCALE=0.1 for a quick run, BENCH_ONLY=l1,l2,b6 for
## some rows (see testdata/bench/bench.sh for the settings)
bench:
	bash testdata/bench/bench.sh

## bench-smoke: every row of make bench once at a tiny size (about 30 s), so that
## its answer checks cannot rot: fails when a check fails; the table goes to
## $TMPDIR/vol-bench-smoke/smoke.md, never to latest.md. Without hyperfine, sqlite3,
## /usr/bin/time, scipy or XlsxWriter it says loudly that it skipped, unless
## VOL_REQUIRE_BENCH is set (CI): then it fails.
bench-smoke:
	BENCH_SMOKE=1 bash testdata/bench/bench.sh
