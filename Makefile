# dsflow — the two commands a fresh machine needs are `make run` and `make test`.
SHELL := /bin/bash
GO ?= go
VERSION ?= $(shell git describe --tags --always 2>/dev/null || echo dev)
COMMIT ?= $(shell git rev-parse --short HEAD 2>/dev/null || echo unknown)
LDFLAGS := -s -w -X main.version=$(VERSION) -X main.commit=$(COMMIT)
STATICCHECK_VERSION := v0.8.2
# Temporal's determinism checker; it analyses code, so it does not follow the SDK's version.
WORKFLOWCHECK_VERSION := v0.6.0
# Packages whose code runs goroutines of its own: tested with the race
# detector, and only with it (running them twice cost CI seven minutes).
RACE_PKGS := ./auth/... ./engine/... ./api/... ./activities/... ./notify/... ./store/... ./workflows/...
RACE_PKG_PATTERN := ^dsflow/(auth|engine|api|activities|notify|store|workflows)(/|$$)

.PHONY: run build test test-race lint fmt bench tools clean

## run: build and start dsflow with everything embedded (Temporal on SQLite under ./data, SQLite database)
run: build
	./bin/dsflow serve

## build: a pure-Go binary (no cgo) in bin/dsflow
build:
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags "$(LDFLAGS)" -o bin/dsflow ./cmd/dsflow

## test: lint, then every test (real PostgreSQL, real Temporal): the concurrent packages under the race detector, the rest without
test: lint
	$(GO) test -count=1 -timeout 20m $$($(GO) list ./... | grep -vE '$(RACE_PKG_PATTERN)')
	$(MAKE) test-race

test-race:
	$(GO) test -race -count=1 -timeout 20m $(RACE_PKGS)

## lint: gofmt, go vet, staticcheck and workflowcheck, clean; workflows/ imports no I/O
lint: tools
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); if [ -n "$$out" ]; then echo "not gofmt-formatted:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$$($(GO) env GOPATH)/bin/staticcheck ./...
	$$($(GO) env GOPATH)/bin/workflowcheck ./workflows/...
	@bash scripts/check-workflow-determinism.sh

tools:
	@test -x $$($(GO) env GOPATH)/bin/staticcheck || GOFLAGS= $(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)
	@test -x $$($(GO) env GOPATH)/bin/workflowcheck || GOFLAGS= $(GO) install go.temporal.io/sdk/contrib/tools/workflowcheck@$(WORKFLOWCHECK_VERSION)

fmt:
	gofmt -w $$(git ls-files '*.go')

## bench: the benchmarks of docs/benchmarks.md
bench:
	$(GO) test -run '^$$' -bench . -benchtime 1x -timeout 60m ./bench/...

clean:
	rm -rf bin
