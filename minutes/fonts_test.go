package minutes

import (
	"encoding/binary"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

// vietnameseLetters returns every vowel of Vietnamese with every tone mark
// (none, huyền, sắc, hỏi, ngã, nặng), grouped by vowel, then đ; lower case,
// then upper case. Each is built from its base and a combining mark and
// composed, so the list cannot miss one by a typing slip.
func vietnameseLetters() (lower, upper [][]string) {
	tones := []string{"", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"}
	for _, base := range []string{"a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y"} {
		var lo, up []string
		for _, tone := range tones {
			l := norm.NFC.String(base + tone)
			lo = append(lo, l)
			up = append(up, strings.ToUpper(l))
		}
		lower = append(lower, lo)
		upper = append(upper, up)
	}
	lower = append(lower, []string{"đ"})
	upper = append(upper, []string{"Đ"})
	return lower, upper
}

// TestFontsCoverVietnamese checks each embedded face against its own cmap:
// pdftotext cannot, since the PDF maps a missing glyph back to its letter
// and the text extracts whole while the page shows an empty box.
func TestFontsCoverVietnamese(t *testing.T) {
	lower, upper := vietnameseLetters()
	var letters []rune
	for _, group := range append(lower, upper...) {
		for _, l := range group {
			r := []rune(l)
			if len(r) != 1 {
				t.Fatalf("%q does not compose to one code point", l)
			}
			letters = append(letters, r[0])
		}
	}
	if len(letters) != 2*(12*6+1) {
		t.Fatalf("%d letters, want 146", len(letters))
	}
	for name, ttf := range map[string][]byte{"regular": fontRegular, "bold": fontBold, "italic": fontItalic} {
		glyph, err := cmapLookup(ttf)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		// A letter DejaVu lacks proves the lookup can say "missing".
		if glyph('漢') != 0 {
			t.Fatalf("%s: cmap lookup finds a glyph for 漢", name)
		}
		for _, r := range append(letters, '\uFFFD', '–') {
			if glyph(r) == 0 {
				t.Errorf("%s face has no glyph for %q (U+%04X)", name, r, r)
			}
		}
	}
}

// cmapLookup reads a TrueType font's Unicode BMP cmap (format 4) and
// returns its rune-to-glyph lookup; glyph 0 is "missing".
func cmapLookup(ttf []byte) (func(rune) int, error) {
	u16 := func(at int) int { return int(binary.BigEndian.Uint16(ttf[at:])) }
	u32 := func(at int) int { return int(binary.BigEndian.Uint32(ttf[at:])) }
	cmap := -1
	for i := 0; i < u16(4); i++ {
		rec := 12 + 16*i
		if string(ttf[rec:rec+4]) == "cmap" {
			cmap = u32(rec + 8)
		}
	}
	if cmap < 0 {
		return nil, errorString("no cmap table")
	}
	sub := -1
	for i := 0; i < u16(cmap+2); i++ {
		rec := cmap + 4 + 8*i
		platform, encoding := u16(rec), u16(rec+2)
		if (platform == 3 && encoding == 1) || (platform == 0 && encoding == 3) {
			if at := cmap + u32(rec+4); u16(at) == 4 {
				sub = at
			}
		}
	}
	if sub < 0 {
		return nil, errorString("no format 4 Unicode subtable")
	}
	segs := u16(sub+6) / 2
	ends, starts := sub+14, sub+16+2*segs
	deltas, ranges := starts+2*segs, starts+4*segs
	return func(r rune) int {
		c := int(r)
		for i := 0; i < segs; i++ {
			if c > u16(ends+2*i) {
				continue
			}
			start := u16(starts + 2*i)
			if c < start {
				return 0
			}
			delta := u16(deltas + 2*i)
			ro := u16(ranges + 2*i)
			if ro == 0 {
				return (c + delta) & 0xFFFF
			}
			g := u16(ranges + 2*i + ro + 2*(c-start))
			if g == 0 {
				return 0
			}
			return (g + delta) & 0xFFFF
		}
		return 0
	}, nil
}

type errorString string

func (e errorString) Error() string { return string(e) }
