package minutes

import (
	_ "embed"

	"github.com/go-pdf/fpdf"
)

// The fonts travel inside the binary: a server has no fonts to count on, and
// Go's own (gofont) lack ơ, ư, ạ, ệ, ự and 73 more Vietnamese letters. See
// fonts/README.md for the choice and fonts/LICENSE for the licence.
var (
	//go:embed fonts/DejaVuSerifCondensed.ttf
	fontRegular []byte
	//go:embed fonts/DejaVuSerifCondensed-Bold.ttf
	fontBold []byte
	//go:embed fonts/DejaVuSerifCondensed-Italic.ttf
	fontItalic []byte
)

// family is the name the document's fonts are registered under.
const family = "dejavuserifcondensed"

// Font styles, as fpdf names them.
const (
	regular = ""
	bold    = "B"
	italic  = "I"
)

// addFonts registers the embedded faces with pdf. fpdf only prints a font
// it cannot parse and carries on; the first SetFont then records an error,
// which Render returns.
func addFonts(pdf *fpdf.Fpdf) {
	pdf.AddUTF8FontFromBytes(family, regular, fontRegular)
	pdf.AddUTF8FontFromBytes(family, bold, fontBold)
	pdf.AddUTF8FontFromBytes(family, italic, fontItalic)
}
