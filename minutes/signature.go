package minutes

// signatureSpace is the blank left for the hand signature and seal.
const signatureSpace = 25.0

// signature draws the signature block in the right column, where the decree
// puts it: the signer's position in capitals, bold; the space to sign; the
// name, bold. The block is kept whole on one page.
func (d *doc) signature(s Person) {
	lh := lineHeight(sizeBody)
	d.skip(lh)
	x, w := marginLeft+headerLeftWidth, headerRightWidth
	d.font(bold, sizeBody)
	position := wrap(upper(s.Position), w, d.width)
	d.need(float64(len(position)+1)*lh + signatureSpace)
	y, _ := d.centred(upper(s.Position), bold, sizeBody, x, w, d.pdf.GetY())
	y, _ = d.centred(clean(s.Name), bold, sizeBody, x, w, y+signatureSpace)
	d.pdf.SetXY(marginLeft, y)
}
