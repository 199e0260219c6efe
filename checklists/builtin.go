package checklists

import "dsflow/models"

// KeyInspection is the key of the built-in inspection checklist.
const KeyInspection = "inspection-dskhhgd"

// Builtins returns the checklists dsflow ships, by key: the inspection of
// a unit's population and family-planning work by the team of the level
// above (seed 004: the provincial branch inspecting a district and one of
// its communes after the first six months). Each call builds new values,
// so a caller may change what it gets.
//
// The store writes each as version 1 of its key and adds a version when
// the definition here changes; an inspection keeps the version it started
// with.
func Builtins() map[string]models.ChecklistDef {
	return map[string]models.ChecklistDef{KeyInspection: inspection()}
}

// inspection is the checklist of seed 004's visit. Its nine sections are
// what the team looked at and what the district's steering committee was
// then asked to improve: planning and direction, coordination with the
// member bodies, communication, RH/FP services, the users of free
// contraceptives, social marketing of contraceptives, the electronic data
// warehouse, violations of population policy, and the training of staff
// and collaborators. The items central to each (a plan, a register, data
// on time) weigh double; a failing one asks for a comment, the evidence of
// a register or both, for the minutes and the remediation that follows.
func inspection() models.ChecklistDef {
	return models.ChecklistDef{
		Title: tx("Kiểm tra công tác Dân số - KHHGĐ", "Inspection of population and family-planning work"),
		Description: tx(
			"Bảng kiểm của đoàn kiểm tra cấp trên khi làm việc với Ban chỉ đạo công tác Dân số - KHHGĐ và cán bộ dân số của đơn vị: "+
				"đánh giá kết quả thực hiện trong kỳ (thường là 6 tháng đầu năm), phát hiện tồn tại, khó khăn, vướng mắc cần khắc phục "+
				"để hoàn thành các chỉ tiêu năm. Mục không đạt cần ghi rõ nhận xét hoặc kèm minh chứng (ảnh sổ sách, văn bản).",
			"The checklist of the inspecting team from the level above, working with the unit's steering committee and population "+
				"staff: it assesses the period's results (usually the first half of the year) and finds the shortcomings and obstacles "+
				"to fix to meet the year's targets. A failing item needs a comment or evidence (a photo of the register, a document)."),
		Sections: []models.SectionDef{
			planningSection(), coordinationSection(), communicationSection(), servicesSection(), freeContraceptivesSection(),
			socialMarketingSection(), dataWarehouseSection(), violationsSection(), trainingSection(),
		},
	}
}

func tx(vi, en string) models.Text { return models.Text{Vi: vi, En: en} }

// Item constructors: the built-in's items read as their text and what is
// special about them.

func yesNoItem(key string, text models.Text) models.ItemDef {
	return models.ItemDef{Key: key, Text: text, Answer: models.AnswerYesNo}
}

// scoreOf5 is an assessment on the usual five-point scale.
func scoreOf5(key string, text models.Text) models.ItemDef {
	return models.ItemDef{Key: key, Text: text, Answer: models.AnswerScore, MaxScore: 5}
}

// count is a number of people, sessions or records: never negative.
func count(key string, text models.Text) models.ItemDef {
	zero := 0.0
	return models.ItemDef{Key: key, Text: text, Answer: models.AnswerNumber, Min: &zero}
}

func choiceItem(key string, text models.Text, multi bool, choices ...string) models.ItemDef {
	answer := models.AnswerChoice
	if multi {
		answer = models.AnswerMulti
	}
	return models.ItemDef{Key: key, Text: text, Answer: answer, Choices: choices}
}

func textItem(key string, text models.Text) models.ItemDef {
	return models.ItemDef{Key: key, Text: text, Answer: models.AnswerText}
}

func evidenceItem(key string, text models.Text) models.ItemDef {
	return models.ItemDef{Key: key, Text: text, Answer: models.AnswerEvidence}
}

// central marks an item central to its section: it must be answered and
// weighs double.
func central(it models.ItemDef) models.ItemDef {
	it.Required, it.Weight = true, 2
	return it
}

// onFail sets what a failing answer to it must carry.
func onFail(it models.ItemDef, what string) models.ItemDef {
	it.RequireOnFail = what
	return it
}
