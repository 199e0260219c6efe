package checklists

import "dsflow/models"

// Score totals a checklist's answers: a yes/no item gives its weight for
// yes and 0 for no, a score item value/max_score of its weight; both count
// their weight in max. The other answer types score nothing. An item
// answered N/A, not answered, or answered with a value CheckAnswers
// refuses counts in neither: the visit said nothing about it, and an item
// that must be assessed is marked required, so a submitted checklist has
// it. The result is raw (score ≤ max); a percentage is 100·score/max when
// max > 0.
func Score(def models.ChecklistDef, answers map[string]models.Answer) (score, max float64) {
	for _, s := range def.Sections {
		for _, it := range s.Items {
			a, ok := answers[it.Key]
			if !ok {
				continue
			}
			w := weight(it)
			switch it.Answer {
			case models.AnswerYesNo:
				switch v, _ := yesNo(a); v {
				case Yes:
					score, max = score+w, max+w
				case No:
					max += w
				}
			case models.AnswerScore:
				if n, valid := scoreOf(it, a); valid {
					score, max = score+n/float64(it.MaxScore)*w, max+w
				}
			}
		}
	}
	return score, max
}
