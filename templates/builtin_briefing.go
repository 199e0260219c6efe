package templates

import "dsflow/models"

// briefingQuarterly is the steering committee's quarterly briefing (seed
// 002: "họp giao ban công tác Quý I và triển khai phương hướng hoạt động
// Quý II"). The window is the quarter: each unit below reports its figures
// after it ends, the secretary consolidates them for the meeting, and the
// leader's conclusions (kết luận chỉ đạo), recorded by the secretary and
// approved by the leader, become the next quarter's tasks.
func briefingQuarterly() models.TemplateDef {
	return models.TemplateDef{
		Kind:  models.TemplateBriefing,
		Title: tx("Giao ban công tác Dân số - KHHGĐ quý", "Quarterly population and family-planning briefing"),
		Description: tx(
			"Họp giao ban Ban chỉ đạo công tác Dân số - KHHGĐ hằng quý: các đơn vị trực thuộc gửi số liệu và báo cáo kết quả quý, "+
				"thư ký Ban chỉ đạo tổng hợp báo cáo trình cuộc họp, Trưởng Ban chỉ đạo kết luận và giao nhiệm vụ quý tiếp theo.",
			"The population steering committee's quarterly briefing: the units below send their figures and report, the "+
				"committee's secretary consolidates them for the meeting, and the head's conclusions set the next quarter's tasks."),
		Period:       PeriodQuarter,
		DefaultLevel: models.LevelCommune,
		// A unit that reports after the meeting is still counted in the
		// year's figures.
		Late:       models.LateRule{Policy: models.LateAccept},
		Escalation: defaultEscalation(),
		Steps: []models.StepDef{
			{
				Key:   "unit_report",
				Title: tx("Báo cáo kết quả công tác Dân số - KHHGĐ quý", "Quarterly population work report"),
				Instructions: tx(
					"Báo cáo số liệu và kết quả công tác Dân số - KHHGĐ trong quý so với chỉ tiêu kế hoạch được giao; nêu khó khăn, "+
						"thách thức và nhiệm vụ trọng tâm quý tới. Số liệu thống nhất với số liệu trong kho dữ liệu điện tử. "+
						"Lãnh đạo UBND ký duyệt trước khi gửi, chậm nhất 3 ngày làm việc sau khi hết quý.",
					"Report the quarter's figures and results against the targets; name the difficulties and next quarter's priorities. "+
						"Figures must agree with the data warehouse. The unit's leader signs it off before it is sent, at most 3 working "+
						"days after the quarter ends."),
				Level: models.StepLevelParticipant,
				Role:  models.RoleOfficer,
				Form: models.FormSpec{
					Fields: withFields(periodFigures(), reportFields("Nhiệm vụ trọng tâm quý tới", "Priorities for the next quarter")...),
					Rules:  periodRules(),
				},
				Due:     endWorkingDays(3),
				SignOff: signedBy(models.RoleLeader),
			},
			{
				Key:   "consolidated_report",
				Title: tx("Báo cáo tổng hợp trình họp giao ban", "Consolidated report for the briefing"),
				Instructions: tx(
					"Thư ký Ban chỉ đạo tổng hợp báo cáo của các đơn vị (số liệu được điền sẵn từ các báo cáo đã nộp), "+
						"đánh giá kết quả so với kế hoạch, nêu các đơn vị chậm tiến độ và đề xuất nhiệm vụ trọng tâm quý tới để trình cuộc họp.",
					"The committee's secretary consolidates the units' reports (figures prefilled from those submitted), assesses "+
						"them against the plan, names the units behind and proposes next quarter's priorities for the meeting."),
				Level: models.StepLevelRoot,
				Role:  models.RoleSecretary,
				Form: models.FormSpec{
					Fields: withFields(periodFigures(), reportFields("Đề xuất nhiệm vụ trọng tâm quý tới", "Proposed priorities for the next quarter")...),
					Rules:  periodRules(),
				},
				Due:          endWorkingDays(6),
				Consolidates: "unit_report",
			},
			{
				Key:   "conclusions",
				Title: tx("Kết luận chỉ đạo của Trưởng Ban chỉ đạo", "The committee head's conclusions"),
				Instructions: tx(
					"Sau cuộc họp, thư ký ghi lại kết luận chỉ đạo của Trưởng Ban chỉ đạo: từng nhiệm vụ, đơn vị thực hiện và thời hạn. "+
						"Trưởng Ban chỉ đạo ký duyệt; các nhiệm vụ trở thành nhiệm vụ của quý tiếp theo và số liệu quý được chốt.",
					"After the meeting the secretary records the head's conclusions: each task, the units that carry it out and its "+
						"deadline. The head signs them off; they become next quarter's tasks and the quarter's figures are final."),
				Level: models.StepLevelRoot,
				Role:  models.RoleSecretary,
				Form: models.FormSpec{Fields: []models.FormField{
					date("meeting_date", "Ngày họp giao ban", "Date of the meeting", true),
					longText("conclusions", "Nội dung kết luận chỉ đạo", "The conclusions", true),
					file("minutes", "Thông báo kết luận / biên bản cuộc họp", "Notice of conclusions or minutes", false),
				}},
				Due:      endWorkingDays(15),
				SignOff:  signedBy(models.RoleLeader),
				Freezes:  true,
				Priority: models.PriorityHigh,
			},
		},
		Indicators: periodIndicators("unit_report"),
	}
}
