// Package coverage computes screening coverage against targets over the
// unit tree: screened people, the denominator (expected pregnancies or
// births), coverage, the target and the gap, rolled up from the communes,
// and whether a unit is behind the pace needed to reach its target by the
// year's end. It is pure: the caller loads units, counts and targets.
package coverage

import (
	"math"

	"dsflow/models"
)

// Node is one unit's coverage, with its children's when asked for.
type Node struct {
	UnitID      uint   `json:"unit_id"`
	Name        string `json:"name"`
	Level       string `json:"level"`
	Screened    int    `json:"screened"`
	Denominator int    `json:"denominator"`
	// Coverage is screened ÷ denominator in percent (0 without a
	// denominator).
	Coverage float64 `json:"coverage"`
	Target   float64 `json:"target"`
	// Gap is how many percentage points coverage lacks of the target.
	Gap float64 `json:"gap"`
	// Pace is the coverage the target needs by now (the target times the
	// share of the year gone); Behind says coverage is below it.
	Pace     float64 `json:"pace"`
	Behind   bool    `json:"behind"`
	Children []Node  `json:"children,omitempty"`
}

// Target is a unit's own target and denominator, when set.
type Target struct {
	Target      float64
	Denominator int
}

// Input is what Tree needs: the units of a subtree (the root first or
// anywhere; parents are found by ParentID), the people screened at each
// unit itself, the targets set, the default target of the type, the share
// of the year gone (0–1), and how many levels below the root to show.
type Input struct {
	Root          uint
	Units         []models.Unit
	Screened      map[uint]int
	Targets       map[uint]Target
	DefaultTarget float64
	YearShare     float64
	Depth         int
}

// Tree computes the root's node with its descendants to Depth levels. A
// unit's screened count is its own and all below it; its denominator is
// its own when set, else its children's summed; its target is its own when
// set, else the default.
func Tree(in Input) Node {
	children := map[uint][]models.Unit{}
	var root models.Unit
	for _, u := range in.Units {
		if u.ID == in.Root {
			root = u
		}
		if u.ParentID != nil {
			children[*u.ParentID] = append(children[*u.ParentID], u)
		}
	}
	var walk func(u models.Unit, depth int) Node
	walk = func(u models.Unit, depth int) Node {
		n := Node{UnitID: u.ID, Name: u.Name, Level: u.Level, Screened: in.Screened[u.ID], Target: in.DefaultTarget}
		sumDen := 0
		var kids []Node
		for _, c := range children[u.ID] {
			k := walk(c, depth+1)
			n.Screened += k.Screened
			sumDen += k.Denominator
			kids = append(kids, k)
		}
		n.Denominator = sumDen
		if t, ok := in.Targets[u.ID]; ok {
			if t.Denominator > 0 {
				n.Denominator = t.Denominator
			}
			if t.Target > 0 {
				n.Target = t.Target
			}
		}
		if n.Denominator > 0 {
			n.Coverage = round(100 * float64(n.Screened) / float64(n.Denominator))
		}
		n.Gap = math.Max(0, round(n.Target-n.Coverage))
		n.Pace = round(n.Target * in.YearShare)
		n.Behind = n.Denominator > 0 && n.Coverage < n.Pace
		if depth < in.Depth {
			n.Children = kids
		}
		return n
	}
	return walk(root, 0)
}

// round keeps two decimals, so figures read as people write them.
func round(f float64) float64 { return math.Round(f*100) / 100 }

// BehindUnits lists the units of a tree behind pace, deepest first.
func BehindUnits(n Node) []Node {
	var out []Node
	for _, c := range n.Children {
		out = append(out, BehindUnits(c)...)
	}
	if n.Behind {
		out = append(out, Node{UnitID: n.UnitID, Name: n.Name, Level: n.Level, Screened: n.Screened, Denominator: n.Denominator,
			Coverage: n.Coverage, Target: n.Target, Gap: n.Gap, Pace: n.Pace, Behind: true})
	}
	return out
}
