package coverage_test

import (
	"testing"

	"dsflow/coverage"
	"dsflow/models"
)

func ptr(u uint) *uint { return &u }

// A province (its own denominator set) with a district of two communes, by
// hand: commune A screened 30 of 40 expected (75%), commune B 10 of 60
// (16.67%); the district 40 of 100 (40%); the province, whose own
// denominator of 400 covers districts not listed, 40 + 5 screened at the
// province's hospital = 45 of 400 (11.25%). Half the year is gone, so the
// pace of the prenatal default (78%) is 39%: B and the province are
// behind; the district (40%) just keeps it, and A (target 70, pace 35)
// is well ahead.
func TestTreeByHand(t *testing.T) {
	units := []models.Unit{
		{ID: 1, Name: "Tỉnh", Level: models.LevelProvince},
		{ID: 5, Name: "Huyện", Level: models.LevelDistrict, ParentID: ptr(1)},
		{ID: 7, Name: "Xã A", Level: models.LevelCommune, ParentID: ptr(5)},
		{ID: 8, Name: "Xã B", Level: models.LevelCommune, ParentID: ptr(5)},
	}
	n := coverage.Tree(coverage.Input{
		Root: 1, Units: units, Screened: map[uint]int{7: 30, 8: 10, 1: 5},
		Targets:       map[uint]coverage.Target{7: {Target: 70, Denominator: 40}, 8: {Denominator: 60}, 1: {Denominator: 400}},
		DefaultTarget: models.DefaultPrenatalTarget, YearShare: 0.5, Depth: 2,
	})
	want := map[uint][4]float64{ // screened, denominator, coverage, gap
		1: {45, 400, 11.25, 66.75}, 5: {40, 100, 40, 38}, 7: {30, 40, 75, 0}, 8: {10, 60, 16.67, 61.33},
	}
	behind := map[uint]bool{1: true, 5: false, 7: false, 8: true}
	var check func(n coverage.Node)
	check = func(n coverage.Node) {
		w := want[n.UnitID]
		if float64(n.Screened) != w[0] || float64(n.Denominator) != w[1] || n.Coverage != w[2] || n.Gap != w[3] || n.Behind != behind[n.UnitID] {
			t.Errorf("unit %d: %+v, want screened/denominator/coverage/gap %v behind %v", n.UnitID, n, w, behind[n.UnitID])
		}
		for _, c := range n.Children {
			check(c)
		}
	}
	check(n)
	if len(n.Children) != 1 || len(n.Children[0].Children) != 2 {
		t.Fatalf("tree shape: %+v", n)
	}
	got := coverage.BehindUnits(n)
	if len(got) != 2 || got[0].UnitID != 8 || got[1].UnitID != 1 {
		t.Errorf("behind %+v", got)
	}
}
