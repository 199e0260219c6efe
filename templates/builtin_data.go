package templates

import "dsflow/models"

// dataWarehouseUpdate is the monthly update of the population data
// warehouse (seeds 000 and 003: "duy trì hoạt động kho dữ liệu điện tử
// chuyên ngành, đảm bảo cập nhật đầy đủ, kịp thời các thông tin biến động
// vào phần mềm chuyên ngành dân số"). The window is the month: each
// commune enters the collaborators' change slips of the month, and the
// launching unit checks the data and that the figures agree.
func dataWarehouseUpdate() models.TemplateDef {
	return models.TemplateDef{
		Kind:  models.TemplateDataUpdate,
		Title: tx("Cập nhật thông tin biến động vào kho dữ liệu điện tử dân số", "Monthly update of the population data warehouse"),
		Description: tx(
			"Hằng tháng, xã/phường cập nhật đầy đủ, kịp thời các phiếu thu tin biến động dân số do cộng tác viên thu thập vào phần mềm "+
				"quản lý kho dữ liệu điện tử chuyên ngành dân số; cấp trên kiểm tra chất lượng và thống nhất số liệu.",
			"Every month each commune enters the change slips the collaborators gathered into the population data-warehouse "+
				"software; the level above checks the data's quality and that the figures agree."),
		Period:       PeriodMonth,
		DefaultLevel: models.LevelCommune,
		// Data entered late is still data: the warehouse needs every slip.
		Late:       models.LateRule{Policy: models.LateAccept},
		Escalation: &models.Escalation{RemindDaysBefore: []int{2}, EscalateAfterDays: 3, EscalateUpAfterDays: 7},
		Steps: []models.StepDef{
			{
				Key:   "update",
				Title: tx("Cập nhật phiếu thu tin biến động vào kho dữ liệu", "Enter the month's change slips"),
				Instructions: tx(
					"Nhận phiếu thu tin biến động (sinh, chết, chuyển đến, chuyển đi, kết hôn, sử dụng BPTT…) từ cộng tác viên các thôn/tổ dân phố, "+
						"kiểm tra và cập nhật vào phần mềm chậm nhất ngày 5 tháng sau. Báo cáo số phiếu nhận và đã cập nhật.",
					"Take the change slips (births, deaths, moves in and out, marriages, contraceptive use…) from the collaborators of "+
						"every village or residential group, check them and enter them into the software by the 5th of the next month. "+
						"Report the slips received and entered."),
				Level: models.StepLevelParticipant,
				Role:  models.RoleOfficer,
				Form: models.FormSpec{
					Fields: []models.FormField{
						count("slips_received", "Số phiếu thu tin biến động nhận từ cộng tác viên", "Change slips received from collaborators", "phiếu"),
						count("slips_entered", "Số phiếu đã cập nhật vào phần mềm", "Change slips entered", "phiếu"),
						count("births", "Số trẻ sinh", "Births", "trẻ"),
						count("deaths", "Số người chết", "Deaths", "người"),
						count("moved_in", "Số người chuyển đến", "People who moved in", "người"),
						count("moved_out", "Số người chuyển đi", "People who moved out", "người"),
						count("marriages", "Số cặp kết hôn", "Marriages", "cặp"),
						longText("notes", "Khó khăn, vướng mắc (phần mềm, đường truyền, phiếu thiếu thông tin…)", "Difficulties (software, connection, incomplete slips…)", false),
					},
					Rules: []models.FormRule{le("slips_entered", "slips_received")},
				},
				Due: endDays(5),
			},
			{
				Key:   "check",
				Title: tx("Kiểm tra chất lượng, thống nhất số liệu kho dữ liệu", "Check the warehouse data and agree the figures"),
				Instructions: tx(
					"Kiểm tra tiến độ và chất lượng cập nhật của các đơn vị (số liệu được điền sẵn từ các báo cáo đã nộp), "+
						"thống nhất số liệu liên ngành và nêu các đơn vị cập nhật chậm.",
					"Check the units' progress and data quality (figures prefilled from the reports submitted), agree the figures "+
						"with the other sectors and name the units that are late."),
				Level: models.StepLevelRoot,
				Role:  models.RoleSecretary,
				Form: models.FormSpec{
					Fields: []models.FormField{
						count("slips_received", "Tổng số phiếu thu tin nhận được", "Change slips received", "phiếu"),
						count("slips_entered", "Tổng số phiếu đã cập nhật", "Change slips entered", "phiếu"),
						count("births", "Số trẻ sinh", "Births", "trẻ"),
						count("deaths", "Số người chết", "Deaths", "người"),
						count("moved_in", "Số người chuyển đến", "People who moved in", "người"),
						count("moved_out", "Số người chuyển đi", "People who moved out", "người"),
						count("marriages", "Số cặp kết hôn", "Marriages", "cặp"),
						longText("findings", "Nhận xét chất lượng số liệu, các đơn vị cập nhật chậm", "Data quality and the units that are late", true),
					},
					Rules: []models.FormRule{le("slips_entered", "slips_received")},
				},
				Due:          endDays(10),
				Consolidates: "update",
			},
		},
		Indicators: []models.IndicatorDef{
			sumOf("slips_received", "update", "slips_received", "phiếu", tx("Số phiếu thu tin nhận được", "Change slips received")),
			sumOf("slips_entered", "update", "slips_entered", "phiếu", tx("Số phiếu đã cập nhật", "Change slips entered")),
			ratioOf("update_rate", "slips_entered", "slips_received", "%", tx("Tỷ lệ phiếu đã cập nhật", "Share of slips entered")),
			sumOf("births", "update", "births", "trẻ", tx("Số trẻ sinh", "Births")),
			sumOf("deaths", "update", "deaths", "người", tx("Số người chết", "Deaths")),
			sumOf("moved_in", "update", "moved_in", "người", tx("Số người chuyển đến", "Moved in")),
			sumOf("moved_out", "update", "moved_out", "người", tx("Số người chuyển đi", "Moved out")),
		},
	}
}
