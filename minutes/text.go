package minutes

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// clean prepares caller text for the PDF.
//
//   - NFC: fpdf draws one glyph per code point and does no shaping, so a
//     decomposed "ệ" (e with two combining marks, as some Vietnamese
//     keyboards type it) would print its marks beside the letter rather
//     than on it. Composed, every Vietnamese letter is one glyph of the font.
//   - Code points beyond U+FFFF (emoji typed on a phone) become U+FFFD:
//     fpdf indexes its width and glyph tables by code point up to U+FFFF
//     and panics past it.
//   - Control characters become spaces, except line breaks, which a
//     comment may carry on purpose.
func clean(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = norm.NFC.String(s)
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n':
			return r
		case r > 0xFFFF:
			return unicode.ReplacementChar
		case unicode.IsControl(r):
			return ' '
		}
		return r
	}, s)
}

// upper is clean text in upper case, for the parts of the layout the decree
// prints in capitals. Go's case mapping knows Vietnamese (ư→Ư, đ→Đ, ệ→Ệ).
func upper(s string) string { return strings.ToUpper(clean(s)) }

// wrap breaks clean text into lines no wider than width, as measured by
// measure, at spaces; a word wider than a line is cut between letters.
// Line breaks in the text are kept, and an empty text has no lines.
func wrap(s string, width float64, measure func(string) float64) []string {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	var lines []string
	for _, para := range strings.Split(s, "\n") {
		line := ""
		for _, word := range strings.Fields(para) {
			switch {
			case line == "":
				line = word
			case measure(line+" "+word) <= width:
				line += " " + word
				continue
			default:
				lines = append(lines, line)
				line = word
			}
			// line is now a word alone: cut it while it is too wide.
			for measure(line) > width {
				head := cutToWidth(line, width, measure)
				lines = append(lines, head)
				line = line[len(head):]
			}
		}
		lines = append(lines, line)
	}
	return lines
}

// cutToWidth returns the longest prefix of s, at least one letter long,
// that fits width.
func cutToWidth(s string, width float64, measure func(string) float64) string {
	end := 0
	for i, r := range s {
		next := i + len(string(r))
		if end > 0 && measure(s[:next]) > width {
			break
		}
		end = next
	}
	return s[:end]
}
