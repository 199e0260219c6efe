package minutes

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

// pdfPages renders doc to text with poppler's pdftotext and returns the
// text of each page, NFC-normalised with runs of white space made single
// spaces, so that a string split over two lines of a cell still matches.
// A missing pdftotext fails the test: CI installs it (.ci/run), and a
// skipped check of the Vietnamese text is the bug this test exists for.
func pdfPages(t *testing.T, doc []byte) []string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Fatalf("pdftotext not found (apt-get install -y poppler-utils; .ci/run does): %v", err)
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "minutes.pdf")
	if err := os.WriteFile(in, doc, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-enc", "UTF-8", in, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	// pdftotext ends every page with a form feed.
	pages := strings.Split(strings.TrimSuffix(string(out), "\f"), "\f")
	for i, p := range pages {
		pages[i] = strings.Join(strings.Fields(norm.NFC.String(p)), " ")
	}
	return pages
}

// keepSample writes doc to $MINUTES_SAMPLE_DIR/name when that is set, to
// look at a rendering by eye (pdftoppm -png -r 80 it.pdf it).
func keepSample(t *testing.T, name string, doc []byte) {
	t.Helper()
	dir := os.Getenv("MINUTES_SAMPLE_DIR")
	if dir == "" {
		return
	}
	if err := os.WriteFile(filepath.Join(dir, name), doc, 0o644); err != nil {
		t.Fatal(err)
	}
}
