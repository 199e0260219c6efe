package templates

import "dsflow/models"

// campaignSRHFP is the communication campaign integrated with SRH/FP
// services (seed 002: "Chiến dịch truyền thông lồng ghép chăm sóc sức khoẻ
// sinh sản/kế hoạch hóa gia đình", 1 May – 30 June): each ward plans it
// before the start, holds its launch (lễ ra quân), reports service figures
// every two weeks and a final report after the end; the district and the
// launching unit consolidate, and the launching unit's leader signs off,
// which freezes the figures.
func campaignSRHFP() models.TemplateDef {
	return models.TemplateDef{
		Kind: models.TemplateCampaign,
		Title: tx("Chiến dịch truyền thông lồng ghép chăm sóc SKSS/KHHGĐ",
			"Communication campaign integrated with SRH/family-planning services"),
		Description: tx(
			"Chiến dịch tăng cường truyền thông lồng ghép với cung cấp dịch vụ chăm sóc sức khỏe sinh sản/kế hoạch hóa gia đình "+
				"và nâng cao chất lượng dân số, thường triển khai từ 01/5 đến 30/6. Xã/phường xây dựng kế hoạch trước khi chiến dịch "+
				"bắt đầu, tổ chức lễ ra quân, báo cáo tiến độ và số liệu dịch vụ 2 tuần một lần, báo cáo kết quả sau khi kết thúc; "+
				"cấp trên tổng hợp và Trưởng Ban chỉ đạo ký duyệt. Báo cáo nộp sau hạn vẫn được nhận nhưng được ghi nhận là nộp muộn.",
			"A campaign of communication integrated with SRH/FP services and population-quality activities, usually 1 May to 30 June. "+
				"Each commune plans it before the start, holds a launch, reports progress and service figures every two weeks and a "+
				"final report after the end; the levels above consolidate and the steering committee's head signs off. Late reports "+
				"are still taken but marked late."),
		DefaultLevel: models.LevelCommune,
		Window:       &models.WindowDefault{StartDay: 1, StartMonth: 5, EndDay: 30, EndMonth: 6},
		// A ward's figures count even when they come late: the district
		// would otherwise consolidate with holes. The task shows it late.
		Late:       models.LateRule{Policy: models.LateAccept},
		Escalation: defaultEscalation(),
		Steps: []models.StepDef{
			{
				Key:   "plan",
				Title: tx("Xây dựng kế hoạch chiến dịch của xã/phường", "The commune's campaign plan"),
				Instructions: tx(
					"Xây dựng kế hoạch triển khai chiến dịch tại địa phương theo chỉ tiêu được giao: địa điểm, thời gian cung cấp dịch vụ, "+
						"lực lượng tham gia (trạm y tế, cộng tác viên dân số, các ban ngành đoàn thể), hoạt động truyền thông. "+
						"Trình lãnh đạo UBND xã/phường phê duyệt và tải lên bản kế hoạch đã ký chậm nhất 5 ngày làm việc trước khi chiến dịch bắt đầu.",
					"Plan the campaign locally against the targets handed down: where and when services are offered, who takes part "+
						"(health station, population collaborators, mass organisations), the communication activities. Have the commune "+
						"leader approve it and upload the signed plan at least 5 working days before the start."),
				Level: models.StepLevelParticipant,
				Role:  models.RoleOfficer,
				Form: models.FormSpec{Fields: []models.FormField{
					file("plan_doc", "Kế hoạch chiến dịch của xã/phường (bản đã ký)", "The commune's signed campaign plan", true),
					count("service_points", "Số điểm cung cấp dịch vụ dự kiến", "Planned service points", "điểm"),
					count("planned_sessions", "Số buổi truyền thông dự kiến", "Planned communication sessions", "buổi"),
					longText("notes", "Ghi chú", "Notes", false),
				}},
				Due:     models.DueRule{Anchor: models.AnchorStart, Days: -5, WorkingDays: true},
				SignOff: signedBy(models.RoleLeader),
			},
			{
				Key:   "launch",
				Title: tx("Tổ chức lễ ra quân chiến dịch", "The campaign launch ceremony"),
				Instructions: tx(
					"Tổ chức lễ ra quân hưởng ứng chiến dịch (mít tinh, diễu hành, treo băng rôn, khẩu hiệu), bảo đảm tính lan tỏa đến "+
						"mọi người dân. Báo cáo ngày tổ chức, số người tham dự và tải lên ảnh buổi lễ.",
					"Hold the launch (rally, parade, banners and slogans) so the campaign reaches every household. Report the date, "+
						"the attendance and upload photos of the ceremony."),
				Level: models.StepLevelParticipant,
				Role:  models.RoleOfficer,
				Form: models.FormSpec{Fields: []models.FormField{
					date("held_on", "Ngày tổ chức lễ ra quân", "Date of the launch", true),
					count("attendees", "Số người tham dự", "Attendance", "người"),
					file("photo_1", "Ảnh buổi lễ ra quân (1)", "Photo of the launch (1)", true),
					file("photo_2", "Ảnh buổi lễ ra quân (2)", "Photo of the launch (2)", false),
					file("photo_3", "Ảnh buổi lễ ra quân (3)", "Photo of the launch (3)", false),
					longText("summary", "Tóm tắt hoạt động", "Summary of the activities", false),
				}},
				Due: startDays(3),
			},
			{
				Key:   "progress",
				Title: tx("Báo cáo tiến độ chiến dịch", "Campaign progress report"),
				Instructions: tx(
					"Báo cáo số liệu cung cấp dịch vụ và hoạt động truyền thông cộng dồn từ ngày bắt đầu chiến dịch đến ngày báo cáo, "+
						"2 tuần một lần; nêu khó khăn, vướng mắc cần cấp trên hỗ trợ.",
					"Report the services provided and the communication done since the start of the campaign, every two weeks; "+
						"name the difficulties the level above should help with."),
				Level: models.StepLevelParticipant,
				Role:  models.RoleOfficer,
				Form: models.FormSpec{Fields: withFields(campaignFigures(),
					longText("difficulties", "Khó khăn, vướng mắc", "Difficulties", false))},
				Due:    startDays(14),
				Repeat: &models.RepeatRule{EveryDays: 14},
			},
			{
				Key:   "final_report",
				Title: tx("Báo cáo kết quả chiến dịch của xã/phường", "The commune's final campaign report"),
				Instructions: tx(
					"Báo cáo kết quả toàn chiến dịch so với chỉ tiêu được giao: số người mới sử dụng biện pháp tránh thai theo từng biện pháp, "+
						"dịch vụ chăm sóc SKSS, hoạt động truyền thông; đánh giá tồn tại, hạn chế. Lãnh đạo UBND xã/phường ký duyệt trước khi gửi lên cấp trên. "+
						"Hạn nộp: 5 ngày làm việc sau khi kết thúc chiến dịch.",
					"Report the whole campaign against the targets: new contraceptive users by method, SRH services, communication; "+
						"assess the shortcomings. The commune leader signs it off before it goes up. Due 5 working days after the end."),
				Level:   models.StepLevelParticipant,
				Role:    models.RoleOfficer,
				Form:    models.FormSpec{Fields: withFields(campaignFigures(), reportFields("Bài học kinh nghiệm", "Lessons learnt")...)},
				Due:     endWorkingDays(5),
				SignOff: signedBy(models.RoleLeader),
			},
			{
				Key:   "district_summary",
				Title: tx("Tổng hợp kết quả chiến dịch của quận/huyện", "The district's consolidated campaign report"),
				Instructions: tx(
					"Tổng hợp báo cáo kết quả của các xã/phường trực thuộc (số liệu được điền sẵn từ các báo cáo đã nộp), "+
						"đối chiếu với chỉ tiêu được giao, nêu các đơn vị chưa đạt và gửi lên cấp trên.",
					"Consolidate the final reports of the communes below (figures are prefilled from the reports submitted), "+
						"compare them with the targets, name the units behind, and send it up."),
				Level:        models.LevelDistrict,
				Role:         models.RoleSecretary,
				Form:         models.FormSpec{Fields: withFields(campaignFigures(), reportFields("Bài học kinh nghiệm", "Lessons learnt")...)},
				Due:          endWorkingDays(10),
				SignOff:      signedBy(models.RoleLeader),
				Consolidates: "final_report",
			},
			{
				Key:   "summary",
				Title: tx("Báo cáo tổng hợp kết quả chiến dịch", "Consolidated campaign report"),
				Instructions: tx(
					"Thư ký Ban chỉ đạo tổng hợp kết quả chiến dịch toàn địa bàn so với kế hoạch, trình Trưởng Ban chỉ đạo ký duyệt. "+
						"Sau khi ký duyệt, số liệu chiến dịch được chốt và không thay đổi.",
					"The steering committee's secretary consolidates the campaign's results against the plan for the committee's "+
						"head to sign off. Once signed off, the campaign's figures are final."),
				Level:        models.StepLevelRoot,
				Role:         models.RoleSecretary,
				Form:         models.FormSpec{Fields: withFields(campaignFigures(), reportFields("Bài học kinh nghiệm", "Lessons learnt")...)},
				Due:          endWorkingDays(15),
				SignOff:      signedBy(models.RoleLeader),
				Consolidates: "final_report",
				Freezes:      true,
				Priority:     models.PriorityHigh,
			},
		},
		Indicators: []models.IndicatorDef{
			sumOf("new_iud", "final_report", "new_iud", "người", tx("Người mới đặt dụng cụ tử cung", "New IUD users")),
			sumOf("new_implant", "final_report", "new_implant", "người", tx("Người mới sử dụng thuốc cấy", "New implant users")),
			sumOf("new_injection", "final_report", "new_injection", "người", tx("Người mới sử dụng thuốc tiêm", "New injectable users")),
			sumOf("new_pill", "final_report", "new_pill", "người", tx("Người mới sử dụng thuốc uống tránh thai", "New pill users")),
			sumOf("new_condom", "final_report", "new_condom", "người", tx("Người mới sử dụng bao cao su", "New condom users")),
			sumOf("srh_checkups", "final_report", "srh_checkups", "lượt", tx("Lượt khám phụ khoa, tư vấn SKSS", "SRH check-ups")),
			sumOf("rti_treated", "final_report", "rti_treated", "lượt", tx("Lượt điều trị viêm nhiễm đường sinh sản", "RTIs treated")),
			sumOf("comm_sessions", "final_report", "comm_sessions", "buổi", tx("Buổi truyền thông, tư vấn", "Communication sessions")),
			sumOf("comm_reached", "final_report", "comm_reached", "lượt", tx("Lượt người được truyền thông", "People reached")),
		},
	}
}
