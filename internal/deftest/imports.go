// Package deftest holds the tests that the packages of saved definitions
// (templates, checklists) share: their validation cases, and the test
// that keeps them pure.
package deftest

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// ImportsOnly keeps a pure package pure: workflows may import templates
// and checklists, so no I/O package may creep in through a helper. It
// fails t when a Go file of the current directory, tests
// aside, imports a package that allowed does not list.
func ImportsOnly(t *testing.T, allowed ...string) {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		parsed, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range parsed.Imports {
			if p, _ := strconv.Unquote(imp.Path.Value); !slices.Contains(allowed, p) {
				t.Errorf("%s imports %s", f, p)
			}
		}
	}
}
