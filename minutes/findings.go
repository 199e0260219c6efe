package minutes

import "strconv"

// findingColumns: number, the finding (with the item it is about), its
// severity, its remediation deadline.
var findingColumns = []column{{10, "C"}, {95, "L"}, {28, "C"}, {32, "C"}}

// findings draws a unit's shortcomings (tồn tại, hạn chế) as a table, or a
// line saying there are none: a blank where findings belong would read as
// an omission in a signed record.
func (d *doc) findings(fs []Finding) {
	if len(fs) == 0 {
		d.para(labelNoFindings, regular, sizeBody, 0, "L")
		return
	}
	t := newTable(d, findingColumns, colNo, colFinding, colSeverity, colDeadline)
	for i, f := range fs {
		what := []span{{f.Description, regular}}
		if f.Item != "" {
			what = append(what, span{"(" + labelFindingItem + f.Item + ")", italic})
		}
		t.row(
			[]span{{strconv.Itoa(i + 1), regular}},
			what,
			[]span{{f.Severity, regular}},
			[]span{{f.Deadline, regular}},
		)
	}
	t.end()
}
