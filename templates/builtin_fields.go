package templates

import "dsflow/models"

// Form fields the built-ins share. A consolidating step's form names the
// same figures as the step it consolidates, so its children's values can
// be prefilled field by field.

func count(name, vi, en, unit string) models.FormField {
	return models.FormField{Name: name, Type: models.FieldCount, Label: tx(vi, en), Unit: unit}
}

func longText(name, vi, en string, required bool) models.FormField {
	return models.FormField{Name: name, Type: models.FieldText, Label: tx(vi, en), Required: required, MaxLen: MaxLongText}
}

func file(name, vi, en string, required bool) models.FormField {
	return models.FormField{Name: name, Type: models.FieldFile, Label: tx(vi, en), Required: required}
}

func date(name, vi, en string, required bool) models.FormField {
	return models.FormField{Name: name, Type: models.FieldDate, Label: tx(vi, en), Required: required}
}

// le is the rule "left ≤ right".
func le(left, right string) models.FormRule {
	return models.FormRule{Left: left, Op: models.RuleLE, Right: right}
}

// fpNewUsers are the new contraceptive users by method (người mới sử dụng
// BPTT), the figures a campaign is judged by.
func fpNewUsers() []models.FormField {
	return []models.FormField{
		count("new_iud", "Số người mới đặt dụng cụ tử cung (vòng)", "New users: IUD", "người"),
		count("new_implant", "Số người mới sử dụng thuốc cấy tránh thai", "New users: implant", "người"),
		count("new_injection", "Số người mới sử dụng thuốc tiêm tránh thai", "New users: injectable", "người"),
		count("new_pill", "Số người mới sử dụng thuốc uống tránh thai", "New users: pills", "người"),
		count("new_condom", "Số người mới sử dụng bao cao su", "New users: condoms", "người"),
	}
}

// campaignFigures are what a campaign report counts: new users by method,
// reproductive-health services and the communication done.
func campaignFigures() []models.FormField {
	return append(fpNewUsers(),
		count("srh_checkups", "Số lượt khám phụ khoa, tư vấn chăm sóc SKSS", "Gynaecological and SRH check-ups", "lượt"),
		count("rti_treated", "Số lượt điều trị viêm nhiễm đường sinh sản", "Reproductive tract infections treated", "lượt"),
		count("comm_sessions", "Số buổi truyền thông, tư vấn tại cộng đồng", "Community communication and counselling sessions", "buổi"),
		count("comm_reached", "Số lượt người được truyền thông, tư vấn", "People reached by communication", "lượt"),
	)
}

// periodFigures are the programme's recurring indicators for a period
// (quarter, half year, year), as a briefing or a review reports them.
func periodFigures() []models.FormField {
	return []models.FormField{
		count("births", "Số trẻ sinh ra trong kỳ", "Births in the period", "trẻ"),
		count("births_third_plus", "Trong đó: sinh con thứ 3 trở lên", "Of which third or later births", "trẻ"),
		count("births_boys", "Số trẻ sinh ra là bé trai", "Boys born", "trẻ"),
		count("births_girls", "Số trẻ sinh ra là bé gái", "Girls born", "trẻ"),
		count("couples", "Số cặp vợ chồng trong độ tuổi sinh đẻ", "Married couples of reproductive age", "cặp"),
		count("couples_using_fp", "Số cặp vợ chồng đang sử dụng BPTT hiện đại", "Couples using a modern contraceptive method", "cặp"),
		count("new_fp_users", "Số người mới sử dụng BPTT hiện đại", "New users of modern contraception", "người"),
		count("prenatal_screened", "Số bà mẹ mang thai được sàng lọc trước sinh", "Pregnant women screened before birth", "người"),
		count("newborns_screened", "Số trẻ sơ sinh được sàng lọc sơ sinh", "Newborns screened", "trẻ"),
		count("slips_entered", "Số phiếu thu tin biến động đã cập nhật vào kho dữ liệu", "Change slips entered into the data warehouse", "phiếu"),
	}
}

// periodRules keep the period figures' parts within their wholes.
func periodRules() []models.FormRule {
	return []models.FormRule{
		le("births_third_plus", "births"),
		le("births_boys", "births"),
		le("births_girls", "births"),
		le("couples_using_fp", "couples"),
	}
}

// periodIndicators sum the period figures of step and derive the ratios a
// leader asks about: third-or-later births, sex ratio at birth and
// contraceptive prevalence.
func periodIndicators(step string) []models.IndicatorDef {
	return []models.IndicatorDef{
		sumOf("births", step, "births", "trẻ", tx("Số trẻ sinh ra", "Births")),
		sumOf("births_third_plus", step, "births_third_plus", "trẻ", tx("Số trẻ sinh là con thứ 3 trở lên", "Third or later births")),
		ratioOf("third_plus_rate", "births_third_plus", "births", "%", tx("Tỷ lệ sinh con thứ 3 trở lên", "Share of third or later births")),
		sumOf("births_boys", step, "births_boys", "trẻ", tx("Số bé trai sinh ra", "Boys born")),
		sumOf("births_girls", step, "births_girls", "trẻ", tx("Số bé gái sinh ra", "Girls born")),
		// Boys per 100 girls: the ratio in percent is the usual sex ratio at birth.
		ratioOf("sex_ratio_at_birth", "births_boys", "births_girls", "bé trai/100 bé gái", tx("Tỷ số giới tính khi sinh", "Sex ratio at birth")),
		sumOf("couples", step, "couples", "cặp", tx("Số cặp vợ chồng trong độ tuổi sinh đẻ", "Couples of reproductive age")),
		sumOf("couples_using_fp", step, "couples_using_fp", "cặp", tx("Số cặp vợ chồng sử dụng BPTT hiện đại", "Couples using modern contraception")),
		ratioOf("cpr", "couples_using_fp", "couples", "%", tx("Tỷ lệ cặp vợ chồng sử dụng BPTT hiện đại", "Modern contraceptive prevalence")),
		sumOf("new_fp_users", step, "new_fp_users", "người", tx("Số người mới sử dụng BPTT hiện đại", "New users of modern contraception")),
		sumOf("prenatal_screened", step, "prenatal_screened", "người", tx("Số bà mẹ mang thai được sàng lọc trước sinh", "Pregnant women screened")),
		sumOf("newborns_screened", step, "newborns_screened", "trẻ", tx("Số trẻ sơ sinh được sàng lọc", "Newborns screened")),
		sumOf("slips_entered", step, "slips_entered", "phiếu", tx("Số phiếu thu tin đã cập nhật vào kho dữ liệu", "Change slips entered")),
	}
}

// reportFields are the written part of a report: results, shortcomings,
// what comes next and the signed document.
func reportFields(nextVi, nextEn string) []models.FormField {
	return []models.FormField{
		longText("results", "Kết quả đạt được", "Results", true),
		longText("shortcomings", "Tồn tại, hạn chế và nguyên nhân", "Shortcomings and their causes", false),
		longText("next_steps", nextVi, nextEn, false),
		longText("proposals", "Đề xuất, kiến nghị", "Proposals and requests", false),
		file("report_doc", "Báo cáo bằng văn bản (bản có chữ ký, đóng dấu)", "The signed and stamped report", true),
	}
}

func withFields(a []models.FormField, more ...models.FormField) []models.FormField {
	return append(a, more...)
}
