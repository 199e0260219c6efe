package checklists

import (
	"testing"

	"dsflow/internal/deftest"
)

// TestPure keeps the package importable by workflows: models and the
// standard library's pure packages only.
func TestPure(t *testing.T) {
	deftest.ImportsOnly(t, "dsflow/models", "encoding/json", "fmt", "maps", "math", "reflect", "slices", "strconv", "strings", "unicode/utf8")
}
