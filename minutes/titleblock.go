package minutes

// ruleGap is how far below a line of the title block its rule is drawn.
const ruleGap = 1.3

// titleBlock draws what heads every administrative document (Decree
// 30/2020/NĐ-CP, Appendix I): on the left the issuing authority and the
// issuing body with a short rule under it, then the number; on the right the
// national name and the motto with a rule as long as the motto, then the
// place/date line in italics, level with the number; below both, the
// document's name and its summary line.
func (d *doc) titleBlock(m Minutes) {
	top := d.pdf.GetY()

	// Left column. The rule under the issuing body is 40% of its widest
	// line: the decree asks for a third to a half, centred under the text.
	// Every rule sits ruleGap below its line so that it clears the dots
	// under ạ, ụ, ệ rather than striking them.
	leftX, leftW := float64(marginLeft), headerLeftWidth
	y := top
	if m.Authority != "" {
		y, _ = d.centred(upper(m.Authority), regular, sizeHeader, leftX, leftW, y)
	}
	y, issuerW := d.centred(upper(m.Issuer), bold, sizeHeader, leftX, leftW, y)
	d.rule(leftX+leftW/2, issuerW*0.4, y+ruleGap)
	leftBottom := y

	// Right column. The motto's rule is exactly as long as the motto.
	rightX, rightW := marginLeft+headerLeftWidth, headerRightWidth
	y, _ = d.centred(nationalName, bold, sizeHeader, rightX, rightW, top)
	y, mottoW := d.centred(nationalMotto, bold, sizeBody, rightX, rightW, y)
	d.rule(rightX+rightW/2, mottoW, y+ruleGap)
	rightBottom := y

	// Number and place/date share a line. Both are one line in the decree;
	// a long place name shrinks the line a little before it wraps.
	y = max(leftBottom, rightBottom) + 2*ruleGap + 1
	number := labelNumber + clean(m.Number)
	leftBottom, _ = d.centred(number, regular, d.fit(number, regular, sizeBody, leftW), leftX, leftW, y)
	date := placeDate(m.Place, m.Date)
	rightBottom, _ = d.centred(date, italic, d.fit(date, italic, sizeBody, rightW), rightX, rightW, y)

	// The document's name and summary, centred on the page, with a short
	// rule under the summary (again a third to a half of its length).
	y = max(leftBottom, rightBottom) + 8
	y, _ = d.centred(upper(m.Title), bold, sizeTitle, marginLeft, contentWidth, y)
	if m.Subtitle != "" {
		var subW float64
		y, subW = d.centred(clean(m.Subtitle), bold, sizeBody, marginLeft, contentWidth, y)
		d.rule(marginLeft+contentWidth/2, subW*0.4, y+ruleGap)
		y += ruleGap
	}
	d.pdf.SetXY(marginLeft, y+6)
}
