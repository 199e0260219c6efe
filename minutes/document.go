package minutes

import (
	"strconv"

	"github.com/go-pdf/fpdf"
)

// doc is the PDF being drawn, with the few drawing steps every part of the
// minutes shares. Its text methods take clean text (see clean).
type doc struct {
	pdf *fpdf.Fpdf
}

// newDoc starts an A4 document with the decree's margins, the embedded
// fonts, page numbers from page 2, and its first page.
func newDoc(m Minutes) *doc {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetMargins(marginLeft, marginTop, marginRight)
	pdf.SetAutoPageBreak(true, marginBottom)
	// Cells get their padding from the layout, not fpdf's default 1 mm, so
	// that wrapped lines measure exactly as wide as they are drawn.
	pdf.SetCellMargin(0)
	addFonts(pdf)

	// A fixed date and sorted catalogue make the output a function of the
	// minutes alone: rendering them again gives the same bytes.
	stamp := m.SignedAt
	if stamp.IsZero() {
		stamp = m.Date
	}
	// fpdf writes the date without a zone, which readers take as UTC.
	pdf.SetCreationDate(stamp.UTC())
	pdf.SetModificationDate(stamp.UTC())
	pdf.SetCatalogSort(true)
	pdf.SetTitle(clean(m.Title+" "+m.Number), true)
	pdf.SetLang("vi-VN")
	pdf.SetCreator("dsflow", false)

	d := &doc{pdf: pdf}
	// Home mode puts the cursor back at the top margin after the number.
	pdf.SetHeaderFuncMode(d.pageNumber, true)
	pdf.AddPage()
	return d
}

// pageNumber prints the page's number centred in the top margin, from page
// 2 on: the decree numbers pages there and never shows the first.
func (d *doc) pageNumber() {
	n := d.pdf.PageNo()
	if n < 2 {
		return
	}
	d.font(regular, sizeBody)
	d.pdf.SetXY(marginLeft, pageNumberY)
	d.pdf.CellFormat(contentWidth, lineHeight(sizeBody), strconv.Itoa(n), "", 0, "C", false, 0, "")
}

func (d *doc) font(style string, size float64) { d.pdf.SetFont(family, style, size) }

// width measures s in the current font.
func (d *doc) width(s string) float64 { return d.pdf.GetStringWidth(s) }

// bottom is the lowest y text may reach on a page.
func (d *doc) bottom() float64 {
	_, h := d.pdf.GetPageSize()
	return h - marginBottom
}

// need starts a new page unless h millimetres are left on this one: a
// heading is kept with what follows it, a signature block stays whole.
func (d *doc) need(h float64) {
	if d.pdf.GetY()+h > d.bottom() {
		d.pdf.AddPage()
	}
}

// skip moves down h millimetres, but not past the top of a fresh page:
// space before a part is not carried onto the next page.
func (d *doc) skip(h float64) {
	if d.pdf.GetY() <= marginTop {
		return
	}
	d.pdf.SetXY(marginLeft, d.pdf.GetY()+h)
}

// para draws text wrapped to the content width less indent, breaking pages
// between lines as it goes.
func (d *doc) para(text, style string, size, indent float64, align string) {
	d.font(style, size)
	w := contentWidth - indent
	for _, l := range wrap(text, w, d.width) {
		d.pdf.SetX(marginLeft + indent)
		d.pdf.CellFormat(w, lineHeight(size), l, "", 1, align, false, 0, "")
	}
}

// centred draws text wrapped and centred in the column [x, x+w] from y on,
// and returns the y below it and the width of its widest line.
func (d *doc) centred(text, style string, size, x, w, y float64) (below, widest float64) {
	d.font(style, size)
	for _, l := range wrap(text, w, d.width) {
		d.pdf.SetXY(x, y)
		d.pdf.CellFormat(w, lineHeight(size), l, "", 0, "C", false, 0, "")
		widest = max(widest, d.width(l))
		y += lineHeight(size)
	}
	return y, widest
}

// fit returns the size, from size down to sizeMin, at which text fits w on
// one line; at sizeMin it may still not fit, and then wraps.
func (d *doc) fit(text, style string, size, w float64) float64 {
	for ; size > sizeMin; size -= 0.5 {
		d.font(style, size)
		if d.width(text) <= w {
			break
		}
	}
	return size
}

// rule draws a thin horizontal line of length w centred on cx at y.
func (d *doc) rule(cx, w, y float64) {
	d.pdf.SetLineWidth(0.3)
	d.pdf.Line(cx-w/2, y, cx+w/2, y)
}
