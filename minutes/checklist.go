package minutes

import "strconv"

// checklistColumns: number, item, answer, comment. The item gets the most
// room; answers are short ("Có", "4/5") but choices may wrap.
var checklistColumns = []column{{10, "C"}, {75, "L"}, {32, "C"}, {48, "L"}}

// checklist draws a unit's answers as one table: each section a band titled
// with its Roman numeral, its items numbered within it, as Vietnamese
// reports number them.
func (d *doc) checklist(sections []SectionResult) {
	t := newTable(d, checklistColumns, colNo, colItem, colAnswer, colComment)
	for i, s := range sections {
		if s.Title != "" {
			t.band(roman(i+1) + ". " + s.Title)
		}
		for j, it := range s.Items {
			t.row(
				[]span{{strconv.Itoa(j + 1), regular}},
				[]span{{it.Text, regular}},
				[]span{{it.Answer, regular}},
				[]span{{it.Comment, regular}},
			)
		}
	}
	t.end()
}

// roman writes n (1–3999) in Roman numerals.
func roman(n int) string {
	numerals := []struct {
		value  int
		symbol string
	}{
		{1000, "M"}, {900, "CM"}, {500, "D"}, {400, "CD"}, {100, "C"}, {90, "XC"},
		{50, "L"}, {40, "XL"}, {10, "X"}, {9, "IX"}, {5, "V"}, {4, "IV"}, {1, "I"},
	}
	out := ""
	for _, r := range numerals {
		for n >= r.value {
			out += r.symbol
			n -= r.value
		}
	}
	return out
}
