package minutes

// span is a piece of a cell's text in one style; each span starts a new
// line of its cell.
type span struct{ text, style string }

// column is one column of a table: its width and fpdf's alignment ("L",
// "C").
type column struct {
	width float64
	align string
}

// line is one wrapped line of a cell.
type line struct{ text, style string }

// table draws a bordered table, row by row, that breaks across pages
// cleanly: a row that does not fit the rest of a page moves to the next one
// whole, and only a row longer than a whole page is cut, between two lines;
// the head row is repeated at the top of every page the table continues on,
// so that each printed page reads on its own.
type table struct {
	d    *doc
	cols []column
	head [][]span
	// headH is the head row's height.
	headH float64
	// bodyTop is the y just below the head row on the current page: a row
	// starting there already has the page to itself.
	bodyTop float64
}

// newTable starts a table with the given columns and head, drawing the
// head on this page if one row can follow it, else on the next.
func newTable(d *doc, cols []column, head ...string) *table {
	t := &table{d: d, cols: cols}
	for _, h := range head {
		t.head = append(t.head, []span{{h, bold}})
	}
	t.headH = t.height(lineCount(t.layout(t.head, t.widths())))
	d.need(1 + t.headH + t.height(1))
	d.skip(1) // air between the text that introduces the table and its head
	t.drawHead()
	return t
}

// tableLead is the height a table needs to start on a page: a head row and
// a first row of two lines each. Text that introduces a table asks for it
// too, so that the text does not end a page on its own.
func tableLead() float64 { return 2 * (2*lineHeight(sizeTable) + 2*cellPad) }

// end leaves a little air under the table.
func (t *table) end() { t.d.skip(2) }

// row adds a row of cells, one per column.
func (t *table) row(cells ...[]span) {
	t.draw(t.layout(cells, t.widths()), t.widths(), t.aligns(), false)
}

// band adds a row across every column, bold on a grey ground, for a
// section's title. It stays with the row after it.
func (t *table) band(text string) {
	w := []float64{contentWidth}
	lines := t.layout([][]span{{{text, bold}}}, w)
	if t.d.pdf.GetY()+t.height(len(lines[0]))+t.height(1) > t.d.bottom() {
		t.newPage()
	}
	t.draw(lines, w, []string{"L"}, true)
}

// draw draws one row, across pages when it must.
func (t *table) draw(cells [][]line, widths []float64, aligns []string, shaded bool) {
	n := lineCount(cells)
	lh := lineHeight(sizeTable)
	for from := 0; ; {
		room := t.d.bottom() - t.d.pdf.GetY() - 2*cellPad
		fits := int(room/lh + 1e-9)
		rest := n - from
		if rest <= fits {
			t.drawLines(cells, widths, aligns, from, n, shaded)
			return
		}
		startsPage := t.d.pdf.GetY() <= t.bodyTop+1e-6
		if fits < 1 || (from == 0 && !startsPage && rest <= t.linesPerPage()) {
			t.newPage()
			continue
		}
		t.drawLines(cells, widths, aligns, from, from+fits, shaded)
		from += fits
		t.newPage()
	}
}

// drawLines draws lines [from, to) of a row's cells as one bordered band at
// the current y, and moves below it.
func (t *table) drawLines(cells [][]line, widths []float64, aligns []string, from, to int, shaded bool) {
	pdf := t.d.pdf
	lh := lineHeight(sizeTable)
	y := pdf.GetY()
	h := float64(to-from)*lh + 2*cellPad
	// The row was measured to fit; fpdf's own page break would only cut it
	// again on a rounding error.
	pdf.SetAutoPageBreak(false, marginBottom)
	defer pdf.SetAutoPageBreak(true, marginBottom)
	pdf.SetLineWidth(0.2)
	pdf.SetFillColor(235, 235, 235)
	x := float64(marginLeft)
	for i, c := range cells {
		style := "D"
		if shaded {
			style = "FD"
		}
		pdf.Rect(x, y, widths[i], h, style)
		for j := from; j < to && j < len(c); j++ {
			t.d.font(c[j].style, sizeTable)
			pdf.SetXY(x+cellPad, y+cellPad+float64(j-from)*lh)
			pdf.CellFormat(widths[i]-2*cellPad, lh, c[j].text, "", 0, aligns[i], false, 0, "")
		}
		x += widths[i]
	}
	pdf.SetXY(marginLeft, y+h)
}

// newPage continues the table on a new page, under its head row.
func (t *table) newPage() {
	t.d.pdf.AddPage()
	t.drawHead()
}

func (t *table) drawHead() {
	aligns := make([]string, len(t.cols))
	for i := range aligns {
		aligns[i] = "C"
	}
	cells := t.layout(t.head, t.widths())
	t.drawLines(cells, t.widths(), aligns, 0, lineCount(cells), true)
	t.bodyTop = t.d.pdf.GetY()
}

// layout wraps each cell's spans to its width less padding.
func (t *table) layout(cells [][]span, widths []float64) [][]line {
	out := make([][]line, len(cells))
	for i, spans := range cells {
		for _, s := range spans {
			t.d.font(s.style, sizeTable)
			for _, l := range wrap(clean(s.text), widths[i]-2*cellPad, t.d.width) {
				out[i] = append(out[i], line{l, s.style})
			}
		}
	}
	return out
}

// height is the height of a row of n lines.
func (t *table) height(n int) float64 { return float64(n)*lineHeight(sizeTable) + 2*cellPad }

// linesPerPage is how many lines of a row fit under the head on a fresh
// page.
func (t *table) linesPerPage() int {
	room := t.d.bottom() - marginTop - t.headH - 2*cellPad
	return int(room/lineHeight(sizeTable) + 1e-9)
}

// lineCount is the number of lines of a row: its tallest cell's, and at
// least one, so that an empty row still shows.
func lineCount(cells [][]line) int {
	n := 1
	for _, c := range cells {
		n = max(n, len(c))
	}
	return n
}

func (t *table) widths() []float64 {
	w := make([]float64, len(t.cols))
	for i, c := range t.cols {
		w[i] = c.width
	}
	return w
}

func (t *table) aligns() []string {
	a := make([]string, len(t.cols))
	for i, c := range t.cols {
		a[i] = c.align
	}
	return a
}
