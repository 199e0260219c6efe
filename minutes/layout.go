package minutes

// Page geometry and type sizes, in millimetres and points. The ranges come
// from Decree 30/2020/NĐ-CP, Appendix I: margins top and bottom 20–25 mm,
// left 30–35 mm, right 15–20 mm; body text 13–14 pt; the issuing body and
// the national name 12–13 pt; the motto, number, place/date line, title and
// signature 13–14 pt. Each value is the smaller end, so that more of a long
// checklist fits a page.
const (
	pageWidth    = 210.0 // A4
	marginTop    = 20.0
	marginBottom = 20.0
	marginLeft   = 30.0
	marginRight  = 15.0
	contentWidth = pageWidth - marginLeft - marginRight

	// The title block's two columns: the issuing body on the left, the
	// national name and motto on the right. The right one is as wide as the
	// national name needs at sizeHeader in bold, plus a little air.
	headerLeftWidth  = 68.0
	headerRightWidth = contentWidth - headerLeftWidth

	// pageNumberY is where the page number sits: centred in the top
	// margin, as the decree places it.
	pageNumberY = 9.0

	sizeHeader = 12.0 // authority, issuer, national name
	sizeBody   = 13.0 // everything else, including the motto and title block lines
	sizeTitle  = 14.0 // the document's name
	sizeTable  = 11.0 // tables are smaller, as is customary, to keep long checklists short
	sizeMin    = 10.0 // the smallest a one-line field shrinks to before it wraps

	// lineFactor is the line height over the font size: single spacing
	// with a little lead, within the decree's "single to 1.5 lines".
	lineFactor = 1.2
	// cellPad is the padding inside a table cell, on every side.
	cellPad = 1.2
	// ptToMM converts a font size to millimetres.
	ptToMM = 25.4 / 72
)

// lineHeight is the height of one line of text at size points.
func lineHeight(size float64) float64 { return size * ptToMM * lineFactor }
