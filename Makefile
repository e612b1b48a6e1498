# vol: a compound's volunteer register in one local file.
GO ?= go

.PHONY: demo test lint build golden fuzz bench clean

# LINT_PKGS: the packages `make lint` holds to errcheck.
LINT_PKGS ?= ./ledger/... ./allocate/... ./cmd/...

## demo: build a ledger of the sample compound 凯旋华庭 and show its figures
demo:
	$(GO) run ./cmd/vol demo

## test: formatting, vet, lint, a Windows and a macOS build, and every test
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
	$(GO) test ./ledger/sheet/ -run '^$$' -fuzz '^FuzzRead$$' -fuzztime 10s -fuzzminimizetime 2s
	$(GO) test ./allocate/ -run '^$$' -fuzz '^FuzzParseRules$$' -fuzztime 10s -fuzzminimizetime 2s
	$(GO) test ./ledger/jielong/ -run '^$$' -fuzz '^FuzzParse$$' -fuzztime 60000x -fuzzminimizetime 2s

clean:
	rm -f vol

## bench: vol against the tools people would use instead (issue 7), table in testdata/bench/latest.md;
## BENCH_SCALE=0.1 for a quick run (see testdata/bench/bench.sh for the settings)
.PHONY: bench
bench:
	bash testdata/bench/bench.sh
