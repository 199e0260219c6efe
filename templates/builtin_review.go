package templates

import "dsflow/models"

// reviewMidYear is the 6-month review (sơ kết, seed 003: "Hội nghị sơ kết
// công tác dân số 6 tháng đầu năm và phương hướng, nhiệm vụ 6 tháng cuối
// năm"): reports go up the tree after 30 June and the launching unit's
// leader signs the consolidated report off before the conference at the
// end of July.
func reviewMidYear() models.TemplateDef {
	return review(reviewText{
		period: PeriodHalf,
		title:  tx("Sơ kết công tác Dân số - KHHGĐ 6 tháng đầu năm", "Mid-year review of population and family-planning work"),
		description: tx(
			"Sơ kết công tác Dân số - KHHGĐ 6 tháng đầu năm và phương hướng, nhiệm vụ 6 tháng cuối năm: xã/phường báo cáo, "+
				"quận/huyện và tỉnh/thành phố tổng hợp, Trưởng Ban chỉ đạo ký duyệt báo cáo sơ kết.",
			"The mid-year review and the plan for the second half: communes report, districts and provinces consolidate, and "+
				"the steering committee's head signs off the review report."),
		report: tx("Báo cáo sơ kết 6 tháng đầu năm", "Mid-year review report"),
		next:   tx("Phương hướng, nhiệm vụ 6 tháng cuối năm", "Direction and tasks for the second half of the year"),
		span: tx("Số liệu từ 01/01 đến 30/6.",
			"Figures from 1 January to 30 June."),
		window: &models.WindowDefault{StartDay: 1, StartMonth: 1, EndDay: 30, EndMonth: 6},
		// Reports after 30 June: the commune a week on, the root's
		// sign-off before the conference at the end of July.
		due: [4]models.DueRule{endWorkingDays(5), endWorkingDays(10), endWorkingDays(15), endWorkingDays(20)},
	})
}

// reviewAnnual is the annual review (tổng kết, seed 000: "Tổng kết công tác
// dân số - Y tế năm 2019", held on 26 December): the figures of eleven
// months and the estimate for the year go up the tree in December.
func reviewAnnual() models.TemplateDef {
	return review(reviewText{
		period: PeriodYear,
		title:  tx("Tổng kết công tác Dân số - KHHGĐ năm", "Annual review of population and family-planning work"),
		description: tx(
			"Tổng kết công tác Dân số - KHHGĐ năm và nhiệm vụ trọng tâm năm sau: xã/phường báo cáo, quận/huyện và tỉnh/thành phố "+
				"tổng hợp, Trưởng Ban chỉ đạo ký duyệt báo cáo tổng kết trước hội nghị tổng kết cuối năm.",
			"The annual review and next year's key tasks: communes report, districts and provinces consolidate, and the steering "+
				"committee's head signs off the review report before the year-end conference."),
		report: tx("Báo cáo tổng kết công tác Dân số - KHHGĐ năm", "Annual review report"),
		next:   tx("Nhiệm vụ trọng tâm năm sau", "Key tasks for next year"),
		span: tx("Số liệu 11 tháng (01/01 – 30/11) và ước thực hiện cả năm.",
			"Figures of eleven months (1 January – 30 November) and the estimate for the whole year."),
		window: &models.WindowDefault{StartDay: 1, StartMonth: 1, EndDay: 31, EndMonth: 12},
		// The conference is held before the year ends (26/12 in seed 000).
		due: [4]models.DueRule{endDays(-16), endDays(-11), endDays(-8), endDays(-4)},
	})
}

// reviewText is what tells the two reviews apart.
type reviewText struct {
	period             string
	title, description models.Text
	report, next, span models.Text
	window             *models.WindowDefault
	due                [4]models.DueRule // commune, district, province, root
}

// review is a report going up the tree: each commune reports, each
// district and province consolidates the communes below it, and the
// launching unit's secretary consolidates everything for its leader's
// sign-off, which freezes the figures. Where a province has no districts
// (since 2025) the district step has no units and is skipped.
func review(r reviewText) models.TemplateDef {
	form := func(next models.Text) models.FormSpec {
		return models.FormSpec{Fields: withFields(periodFigures(), reportFields(next.Vi, next.En)...), Rules: periodRules()}
	}
	consolidate := func(key, levelVi, levelEn, level string, due models.DueRule) models.StepDef {
		return models.StepDef{
			Key:   key,
			Title: tx(r.report.Vi+" ("+levelVi+" tổng hợp)", r.report.En+" ("+levelEn+" consolidation)"),
			Instructions: tx(
				"Tổng hợp báo cáo của các xã/phường trực thuộc (số liệu được điền sẵn từ các báo cáo đã nộp), đánh giá so với "+
					"kế hoạch, nêu tồn tại, hạn chế và các đơn vị chưa đạt chỉ tiêu; lãnh đạo ký duyệt rồi gửi lên cấp trên. "+r.span.Vi,
				"Consolidate the reports of the communes below (figures prefilled from those submitted), assess them against "+
					"the plan, name the shortcomings and the units behind target; the leader signs it off before it goes up. "+r.span.En),
			Level: level, Role: models.RoleSecretary, Form: form(r.next), Due: due,
			SignOff: signedBy(models.RoleLeader), Consolidates: "commune_report",
		}
	}
	return models.TemplateDef{
		Kind: models.TemplateReview, Title: r.title, Description: r.description, Period: r.period,
		DefaultLevel: models.LevelCommune, Window: r.window,
		Late:       models.LateRule{Policy: models.LateAccept},
		Escalation: defaultEscalation(),
		Steps: []models.StepDef{
			{
				Key:   "commune_report",
				Title: tx(r.report.Vi+" của xã/phường", r.report.En+" of the commune"),
				Instructions: tx(
					"Báo cáo kết quả công tác Dân số - KHHGĐ so với chỉ tiêu kế hoạch được giao; nêu tồn tại, hạn chế, nguyên nhân "+
						"và phương hướng thời gian tới. Số liệu thống nhất với kho dữ liệu điện tử. "+r.span.Vi,
					"Report the results against the targets; name the shortcomings, their causes and the way ahead. Figures must "+
						"agree with the data warehouse. "+r.span.En),
				Level: models.StepLevelParticipant, Role: models.RoleOfficer, Form: form(r.next), Due: r.due[0],
				SignOff: signedBy(models.RoleLeader),
			},
			consolidate("district_summary", "quận/huyện", "district", models.LevelDistrict, r.due[1]),
			consolidate("province_summary", "tỉnh/thành phố", "province", models.LevelProvince, r.due[2]),
			{
				Key:   "summary",
				Title: tx(r.report.Vi+" (trình Trưởng Ban chỉ đạo ký duyệt)", r.report.En+" (for the committee head's sign-off)"),
				Instructions: tx(
					"Thư ký Ban chỉ đạo tổng hợp báo cáo toàn địa bàn trình Trưởng Ban chỉ đạo ký duyệt; sau khi ký duyệt, số liệu được chốt.",
					"The committee's secretary consolidates the whole area's reports for the head to sign off; once signed off, the figures are final."),
				Level: models.StepLevelRoot, Role: models.RoleSecretary, Form: form(r.next), Due: r.due[3],
				SignOff: signedBy(models.RoleLeader), Consolidates: "commune_report", Freezes: true, Priority: models.PriorityHigh,
			},
		},
		Indicators: periodIndicators("commune_report"),
	}
}
