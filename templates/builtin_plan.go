package templates

import "dsflow/models"

// annualPlan is the year's plan of nine key tasks (seed 001: "Triển khai 09
// nhiệm vụ trọng tâm trong công tác DS-KHHGĐ", phường Cống Vị). Each task
// is a step of the participating units, reported before the annual review
// in December with the figures that show it was done. The screening
// targets the seed sets (78% of pregnant women screened before birth, 86%
// of newborns screened) are ratio indicators over the screening step's
// figures; the seed states them under task 9, the figures belong to task 3.
func annualPlan() models.TemplateDef {
	due := endDays(-15) // 16 December: in time for the annual review
	task := func(key, role string, title, instr models.Text, fields ...models.FormField) models.StepDef {
		fields = append(fields,
			longText("result", "Kết quả thực hiện", "What was done", true),
			file("evidence", "Tài liệu minh chứng (kế hoạch, báo cáo, ảnh…)", "Evidence (plans, reports, photos…)", false))
		return models.StepDef{Key: key, Title: title, Instructions: instr, Level: models.StepLevelParticipant, Role: role,
			Form: models.FormSpec{Fields: fields}, Due: due}
	}
	screening := task("screening", models.RoleOfficer,
		tx("Nhiệm vụ 3: Sàng lọc, chẩn đoán trước sinh và sơ sinh", "Task 3: Prenatal and newborn screening"),
		tx("Đẩy mạnh thực hiện Kế hoạch Đề án tầm soát, phát hiện một số tật, bệnh bẩm sinh thông qua sàng lọc, chẩn đoán trước sinh và sơ sinh. "+
			"Phấn đấu 78% bà mẹ mang thai được sàng lọc trước sinh, 86% trẻ sinh ra được sàng lọc sơ sinh.",
			"Carry out the plan for detecting congenital disorders through prenatal and newborn screening and diagnosis. "+
				"Aim for 78% of pregnant women screened before birth and 86% of newborns screened."),
		count("pregnant", "Số bà mẹ mang thai trong năm", "Pregnant women in the year", "người"),
		count("prenatal_screened", "Số bà mẹ mang thai được sàng lọc trước sinh", "Pregnant women screened before birth", "người"),
		count("newborns", "Số trẻ sinh ra trong năm", "Births in the year", "trẻ"),
		count("newborns_screened", "Số trẻ sơ sinh được sàng lọc", "Newborns screened", "trẻ"))
	screening.Form.Rules = []models.FormRule{le("prenatal_screened", "pregnant"), le("newborns_screened", "newborns")}
	screening.SignOff = signedBy(models.RoleLeader)
	policy := task("policy_advocacy", models.RoleOfficer,
		tx("Nhiệm vụ 2: Tuyên truyền, vận động thực hiện chính sách dân số", "Task 2: Advocacy for the population policy"),
		tx("Tiếp tục tuyên truyền vận động cán bộ và nhân dân nghiêm chỉnh thực hiện chính sách dân số của Đảng và Nhà nước. "+
			"Phấn đấu thực hiện các mục tiêu về dân số như mỗi gia đình sinh đủ 2 con mạnh khoẻ, tăng cường các dịch vụ chăm sóc SKSS/KHHGĐ, "+
			"góp phần nâng cao chất lượng dân số.",
			"Keep persuading officials and the people to follow the population policy: two healthy children per family, more "+
				"SRH/FP services, a better quality of the population."),
		count("comm_sessions", "Số buổi truyền thông, tư vấn", "Communication and counselling sessions", "buổi"),
		count("comm_reached", "Số lượt người được truyền thông, tư vấn", "People reached", "lượt"),
		count("births_third_plus", "Số trẻ sinh là con thứ 3 trở lên trong năm", "Third or later births in the year", "trẻ"))
	target := func(v float64) *float64 { return &v }
	return models.TemplateDef{
		Kind:  models.TemplateAnnualPlan,
		Title: tx("Kế hoạch công tác Dân số - KHHGĐ năm: 9 nhiệm vụ trọng tâm", "Annual population and family-planning plan: nine key tasks"),
		Description: tx(
			"Kế hoạch công tác Dân số - KHHGĐ năm của xã/phường với 9 nhiệm vụ trọng tâm; mỗi nhiệm vụ báo cáo kết quả thực hiện "+
				"trước hội nghị tổng kết cuối năm. Chỉ tiêu sàng lọc: 78% bà mẹ mang thai được sàng lọc trước sinh, 86% trẻ sơ sinh được sàng lọc.",
			"The commune's annual plan of nine key tasks; each reports what was done before the year-end review. Screening "+
				"targets: 78% of pregnant women screened before birth, 86% of newborns screened."),
		Period:       PeriodYear,
		DefaultLevel: models.LevelCommune,
		Window:       &models.WindowDefault{StartDay: 1, StartMonth: 1, EndDay: 31, EndMonth: 12},
		Late:         models.LateRule{Policy: models.LateAccept},
		Escalation:   defaultEscalation(),
		Steps: []models.StepDef{
			task("leadership", models.RoleSecretary,
				tx("Nhiệm vụ 1: Tăng cường lãnh đạo, chỉ đạo công tác Dân số - KHHGĐ", "Task 1: Stronger leadership of population work"),
				tx("Tăng cường sự lãnh đạo, chỉ đạo của các cấp ủy Đảng, chính quyền, các tổ chức xã hội, các cơ quan, đơn vị với công tác "+
					"Dân số - KHHGĐ. Nâng cao vai trò của Bí thư chi bộ địa bàn dân cư, công an khu vực, Trưởng ban mặt trận địa bàn dân cư, "+
					"tổ trưởng dân phố, cán bộ cơ sở trong công tác quản lý dân cư.",
					"Strengthen the leadership of Party committees, the authorities, social organisations and agencies over population "+
						"work; give residential-area Party secretaries, local police, Front heads, group heads and local officials a "+
						"larger role in managing the population."),
				count("directives", "Số văn bản chỉ đạo, kế hoạch được ban hành", "Directives and plans issued", "văn bản"),
				count("committee_meetings", "Số cuộc họp Ban chỉ đạo", "Steering committee meetings", "cuộc")),
			policy,
			screening,
			task("socialization", models.RoleOfficer,
				tx("Nhiệm vụ 4: Đẩy nhanh xã hội hóa công tác Dân số - KHHGĐ", "Task 4: Wider social participation in population work"),
				tx("Huy động đông đảo các tầng lớp nhân dân tích cực tham gia đẩy nhanh xã hội hóa công tác Dân số - KHHGĐ.",
					"Bring every part of society into population work, including paying for its services."),
				count("socially_marketed_users", "Số người sử dụng phương tiện tránh thai tiếp thị xã hội, xã hội hóa", "Users of socially marketed contraceptives", "người")),
			task("network", models.RoleOfficer,
				tx("Nhiệm vụ 5: Kiện toàn mạng lưới cán bộ, cộng tác viên dân số", "Task 5: A complete network of population officers and collaborators"),
				tx("Kiện toàn mạng lưới cán bộ làm công tác Dân số - KHHGĐ từ phường đến các địa bàn dân cư. Nâng cao trình độ chuyên môn "+
					"cho đội ngũ cộng tác viên, tuyên truyền viên và cán bộ xã hội làm công tác Dân số - KHHGĐ.",
					"Complete the network of population officers from the ward to every residential area; train the collaborators, "+
						"communicators and social workers."),
				count("collaborators", "Số cộng tác viên dân số đang hoạt động", "Active population collaborators", "người"),
				count("trained", "Số lượt cán bộ, cộng tác viên được tập huấn", "Officers and collaborators trained", "lượt")),
			task("resources", models.RoleOfficer,
				tx("Nhiệm vụ 6: Huy động nguồn lực cho công tác Dân số - KHHGĐ", "Task 6: Resources for population work"),
				tx("Huy động mọi nguồn lực cho công tác Dân số - KHHGĐ.", "Mobilise every resource for population work."),
				models.FormField{Name: "funds_mobilized", Type: models.FieldNumber, Label: tx("Kinh phí huy động được", "Funds mobilised"), Unit: "triệu đồng", Min: target(0)}),
			task("records", models.RoleOfficer,
				tx("Nhiệm vụ 7: Thu thập thông tin, tổng hợp báo cáo từ sổ hộ gia đình (sổ A0)", "Task 7: Information and reports from the household register (A0)"),
				tx("Tổ chức tốt việc thu thập thông tin, tổng hợp báo cáo trên cơ sở sổ hộ gia đình (sổ A0), đặc biệt với hệ thống sổ sách quản lý Dân số - KHHGĐ.",
					"Collect information and compile reports from the household register (A0 book) and the population record books."),
				count("households_updated", "Số hộ gia đình được cập nhật thông tin trong sổ A0", "Households updated in the A0 register", "hộ"),
				count("slips_entered", "Số phiếu thu tin biến động đã cập nhật vào kho dữ liệu", "Change slips entered into the data warehouse", "phiếu")),
			task("inspection", models.RoleOfficer,
				tx("Nhiệm vụ 8: Kiểm tra, đánh giá việc thực hiện chỉ tiêu kế hoạch", "Task 8: Checking progress on the plan's targets"),
				tx("Tổ chức kiểm tra, đánh giá thường xuyên việc thực hiện công tác Dân số - KHHGĐ nhằm đảm bảo thực hiện tốt các chỉ tiêu kế hoạch được giao.",
					"Check and assess population work regularly so that the targets handed down are met."),
				count("inspections", "Số cuộc kiểm tra, đánh giá đã thực hiện", "Inspections and assessments held", "cuộc")),
			task("sex_selection", models.RoleOfficer,
				tx("Nhiệm vụ 9: Giám sát các cơ sở siêu âm, phòng chống lựa chọn giới tính thai nhi", "Task 9: Supervising ultrasound facilities against sex selection"),
				tx("Tăng cường công tác giám sát, kiểm tra và xử lý các cơ sở siêu âm công bố lựa chọn giới tính thai nhi tại các cơ sở khám thai "+
					"ngoài công lập. Tổ chức các Hội nghị nói chuyện chuyên đề. Phấn đấu 78% bà mẹ mang thai được sàng lọc trước sinh, "+
					"86% trẻ sinh ra được sàng lọc sơ sinh (số liệu báo cáo ở nhiệm vụ 3).",
					"Supervise, inspect and sanction private ultrasound and antenatal facilities that disclose the sex of the foetus. "+
						"Hold thematic talks. Aim for 78% prenatal and 86% newborn screening (reported under task 3)."),
				count("facilities_checked", "Số cơ sở siêu âm, khám thai được kiểm tra", "Ultrasound and antenatal facilities inspected", "cơ sở"),
				count("violations", "Số vi phạm phát hiện và xử lý", "Violations found and sanctioned", "vụ"),
				count("talks_held", "Số hội nghị nói chuyện chuyên đề", "Thematic talks held", "buổi")),
		},
		Indicators: []models.IndicatorDef{
			sumOf("pregnant", "screening", "pregnant", "người", tx("Số bà mẹ mang thai", "Pregnant women")),
			sumOf("prenatal_screened", "screening", "prenatal_screened", "người", tx("Số bà mẹ mang thai được sàng lọc trước sinh", "Pregnant women screened")),
			{Key: "prenatal_coverage", Title: tx("Tỷ lệ bà mẹ mang thai được sàng lọc trước sinh", "Prenatal screening coverage"), Unit: "%",
				Rollup: models.RollupRatio, Numerator: "prenatal_screened", Denominator: "pregnant", Target: target(78)},
			sumOf("newborns", "screening", "newborns", "trẻ", tx("Số trẻ sinh ra", "Births")),
			sumOf("newborns_screened", "screening", "newborns_screened", "trẻ", tx("Số trẻ sơ sinh được sàng lọc", "Newborns screened")),
			{Key: "newborn_coverage", Title: tx("Tỷ lệ trẻ sơ sinh được sàng lọc", "Newborn screening coverage"), Unit: "%",
				Rollup: models.RollupRatio, Numerator: "newborns_screened", Denominator: "newborns", Target: target(86)},
			sumOf("births_third_plus", "policy_advocacy", "births_third_plus", "trẻ", tx("Số trẻ sinh là con thứ 3 trở lên", "Third or later births")),
			// Births are counted once, under task 3; the share divides task 2's figure by it.
			ratioOf("third_plus_rate", "births_third_plus", "newborns", "%", tx("Tỷ lệ sinh con thứ 3 trở lên", "Share of third or later births")),
			sumOf("slips_entered", "records", "slips_entered", "phiếu", tx("Số phiếu thu tin đã cập nhật vào kho dữ liệu", "Change slips entered")),
		},
	}
}
