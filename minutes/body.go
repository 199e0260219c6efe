package minutes

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// teamIndent sets the team's list in from the margin.
const teamIndent = 8.0

// body draws what was inspected, when and by whom, then each unit's
// results.
func (d *doc) body(m Minutes) {
	if m.Inspection != "" {
		d.para(labelInspection+clean(m.Inspection), regular, sizeBody, 0, "L")
	}
	if m.Window != "" {
		d.para(labelWindow+clean(m.Window), regular, sizeBody, 0, "L")
	}
	if len(m.Team) > 0 {
		d.para(labelTeam, regular, sizeBody, 0, "L")
		for i, p := range m.Team {
			entry := fmt.Sprintf("%d. %s", i+1, clean(p.Name))
			if p.Position != "" {
				entry += " – " + clean(p.Position)
			}
			d.para(entry, regular, sizeBody, teamIndent, "L")
		}
	}
	for i, u := range m.Units {
		d.unit(i+1, u)
	}
}

// unit draws one inspected unit: its heading, its checklist, its score and
// its findings.
func (d *doc) unit(n int, u UnitResult) {
	lh := lineHeight(sizeBody)
	d.skip(lh / 2)
	// A heading alone at the foot of a page reads as a unit with no results.
	d.need(2*lh + tableLead())
	d.para(fmt.Sprintf("%d. %s", n, clean(u.Unit)), bold, sizeBody, 0, "L")
	if len(u.Sections) > 0 {
		d.para(labelChecklist, regular, sizeBody, 0, "L")
		d.checklist(u.Sections)
	}
	if u.MaxScore > 0 {
		d.para(labelScore+number(u.Score)+"/"+number(u.MaxScore), bold, sizeBody, 0, "L")
	}
	d.skip(lh / 3)
	d.need(lh + tableLead())
	d.para(labelFindings, regular, sizeBody, 0, "L")
	d.findings(u.Findings)
}

// number writes a score the Vietnamese way: at most two decimals, a decimal
// comma, no trailing zeros ("42", "42,5"). Rounding first keeps a weighted
// sum such as 41.99999999 from printing as such.
func number(v float64) string {
	v = math.Round(v*100) / 100
	return strings.Replace(strconv.FormatFloat(v, 'f', -1, 64), ".", ",", 1)
}
