package templates

import (
	"fmt"
	"strconv"

	"dsflow/models"
)

// indicators checks the figures a template reports. A sum indicator is one
// numeric field of one step's form, summed up the tree; a ratio divides two
// sum indicators (sums first, then the ratio: a province's coverage is its
// screened over its expected, never the mean of its communes' coverages),
// so it names no field of its own.
func (v *checker) indicators(inds []models.IndicatorDef, steps []models.StepDef) {
	seen := map[string]int{}
	for i, ind := range inds {
		v.key("indicators", i, ind.Key, seen)
	}
	stepByKey := map[string]models.StepDef{}
	for _, s := range steps {
		if _, dup := stepByKey[s.Key]; !dup {
			stepByKey[s.Key] = s
		}
	}
	rollupOf := map[string]string{}
	for _, ind := range inds {
		if _, dup := rollupOf[ind.Key]; !dup {
			rollupOf[ind.Key] = ind.Rollup
		}
	}
	for i, ind := range inds {
		p := fmt.Sprintf("indicators[%d]", i)
		v.text(p+".title", ind.Title, true, MaxTitle)
		if len([]rune(ind.Unit)) > MaxUnitMeasure {
			v.add(p+".unit", "maxlen", strconv.Itoa(MaxUnitMeasure))
		}
		if ind.Target != nil && (!finite(*ind.Target) || *ind.Target < 0) {
			v.add(p+".target", "min", "0")
		}
		switch ind.Rollup {
		case "":
			v.add(p+".rollup", "required", "")
		case models.RollupSum:
			v.sumSource(p, ind, stepByKey)
			v.excluded(p+".numerator", ind.Numerator, models.RollupSum)
			v.excluded(p+".denominator", ind.Denominator, models.RollupSum)
		case models.RollupRatio:
			v.excluded(p+".step", ind.Step, models.RollupRatio)
			v.excluded(p+".field", ind.Field, models.RollupRatio)
			v.ratioPart(p+".numerator", ind.Numerator, rollupOf)
			v.ratioPart(p+".denominator", ind.Denominator, rollupOf)
		default:
			v.add(p+".rollup", "oneof", models.RollupSum+" "+models.RollupRatio)
		}
	}
}

// sumSource wants a sum indicator to name a step and a numeric field of
// that step's form.
func (v *checker) sumSource(p string, ind models.IndicatorDef, steps map[string]models.StepDef) {
	if ind.Step == "" {
		v.add(p+".step", "required", "")
	}
	if ind.Field == "" {
		v.add(p+".field", "required", "")
	}
	if ind.Step == "" {
		return
	}
	s, ok := steps[ind.Step]
	if !ok {
		v.add(p+".step", "step", ind.Step)
		return
	}
	if ind.Field == "" {
		return
	}
	for _, f := range s.Form.Fields {
		if f.Name != ind.Field {
			continue
		}
		switch f.Type {
		case models.FieldCount, models.FieldNumber, models.FieldPercent:
		default:
			v.add(p+".field", "type", "numeric")
		}
		return
	}
	v.add(p+".field", "unknown", ind.Field)
}

// ratioPart wants a ratio's numerator or denominator to name a sum
// indicator: a ratio of ratios does not roll up.
func (v *checker) ratioPart(path, key string, rollupOf map[string]string) {
	switch r, ok := rollupOf[key]; {
	case key == "":
		v.add(path, "required", "")
	case !ok || r != models.RollupSum:
		v.add(path, "indicator", key)
	}
}

// excluded refuses a field the indicator's roll-up does not use, so a
// template does not say something it does not do.
func (v *checker) excluded(path, value, rollup string) {
	if value != "" {
		v.add(path, "excluded_with", "rollup="+rollup)
	}
}
