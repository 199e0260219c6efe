package minutes

import (
	"bytes"
	"fmt"
	"strings"
)

// Render lays the minutes out as an A4 PDF and returns its bytes. The same
// minutes give the same bytes.
//
// It fails when the minutes lack what every biên bản must show (Number,
// Place, Date, Issuer, Title, the signer's Name and Position) or when the
// PDF cannot be produced. Both are bugs of the caller or of this package,
// not of a user's input, so the error is a plain one (models.EINTERNAL to
// the error vocabulary).
func Render(m Minutes) ([]byte, error) {
	if missing := m.missing(); len(missing) > 0 {
		return nil, fmt.Errorf("minutes: missing %s", strings.Join(missing, ", "))
	}
	d := newDoc(m)
	d.titleBlock(m)
	d.body(m)
	d.signature(m.Signer)
	var buf bytes.Buffer
	if err := d.pdf.Output(&buf); err != nil {
		return nil, fmt.Errorf("minutes: render %s: %w", m.Number, err)
	}
	return buf.Bytes(), nil
}

// missing names the required fields that are empty.
func (m Minutes) missing() []string {
	var out []string
	for _, f := range []struct {
		name  string
		empty bool
	}{
		{"Number", strings.TrimSpace(m.Number) == ""},
		{"Place", strings.TrimSpace(m.Place) == ""},
		{"Date", m.Date.IsZero()},
		{"Issuer", strings.TrimSpace(m.Issuer) == ""},
		{"Title", strings.TrimSpace(m.Title) == ""},
		{"Signer.Name", strings.TrimSpace(m.Signer.Name) == ""},
		{"Signer.Position", strings.TrimSpace(m.Signer.Position) == ""},
	} {
		if f.empty {
			out = append(out, f.name)
		}
	}
	return out
}
