package unitcsv

import (
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	t.Run("good file with header and Vietnamese levels", func(t *testing.T) {
		rows, errs := Parse(strings.NewReader("code,name,level,parent_code\n01,Hà Nội,tỉnh,\n004,Long Biên,quận,01\n00133,Ngọc Lâm,phường,004\n"))
		if len(errs) != 0 || len(rows) != 3 {
			t.Fatalf("rows=%d errs=%v", len(rows), errs)
		}
		if rows[2].Level != "commune" || rows[2].ParentCode != "004" || rows[2].Line != 4 {
			t.Errorf("row 3 = %+v", rows[2])
		}
	})
	t.Run("bad rows are reported by line", func(t *testing.T) {
		_, errs := Parse(strings.NewReader("01,Hà Nội,tỉnh\n02,,tỉnh\n03,X,planet\n01,Dup,tỉnh\n04,Self,xã,04\nonly-two,cols\n"))
		want := map[int]string{2: "name", 3: "level", 4: "code", 5: "parent_code", 6: "row"}
		if len(errs) != len(want) {
			t.Fatalf("errs = %v", errs)
		}
		rules := map[int]string{2: RuleName, 3: RuleLevel, 4: RuleDuplicate, 5: RuleSelfParent, 6: RuleColumns}
		for _, e := range errs {
			if want[e.Line] != e.Field {
				t.Errorf("line %d: got field %s, want %s", e.Line, e.Field, want[e.Line])
			}
			if rules[e.Line] != e.Rule {
				t.Errorf("line %d: got rule %s, want %s", e.Line, e.Rule, rules[e.Line])
			}
			if e.Rule == RuleDuplicate && e.Param != "1" {
				t.Errorf("line %d: a duplicate of line %q", e.Line, e.Param)
			}
		}
	})
}
