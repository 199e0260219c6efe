package checklists

import "dsflow/models"

// The sections about services, contraceptives, data and policy (seed 004:
// "tăng cường tư vấn và cung cấp dịch vụ CSSKSS - KHHGĐ", "quản lý, theo
// dõi các đối tượng sử dụng phương tiện tránh thai miễn phí theo đúng các
// quy định", "tăng cường hoạt động tiếp thị xã hội phương tiện tránh
// thai", "quản lý, cập nhật, khai thác, sử dụng và báo cáo dữ liệu điện
// tử", "kịp thời xử lý cán bộ, đảng viên vi phạm chính sách dân số").

func servicesSection() models.SectionDef {
	return models.SectionDef{
		Key:   "services",
		Title: tx("Dịch vụ CSSKSS/KHHGĐ", "Reproductive-health and family-planning services"),
		Items: []models.ItemDef{
			onFail(central(scoreOf5("counselling_services", tx(
				"Tư vấn và cung cấp dịch vụ CSSKSS/KHHGĐ tại trạm y tế: sẵn có, đúng quy trình, bảo đảm an toàn",
				"RH/FP counselling and services at the health station: available, by the protocol, safe"))), models.RequireBoth),
			count("new_users", tx(
				"Số người sử dụng biện pháp tránh thai mới trong kỳ",
				"New contraceptive users in the period")),
			count("new_users_plan_percent", tx(
				"Tỷ lệ hoàn thành kế hoạch người sử dụng biện pháp tránh thai mới (%)",
				"New contraceptive users against the plan (%)")),
			choiceItem("station_equipment", tx(
				"Cơ sở vật chất, trang thiết bị phòng kế hoạch hóa gia đình tại trạm y tế",
				"Premises and equipment of the health station's family-planning room"), false,
				"Đầy đủ", "Thiếu một số", "Thiếu nhiều"),
			onFail(yesNoItem("quality_projects", tx(
				"Triển khai các đề án nâng cao chất lượng dân số (tầm soát, chẩn đoán trước sinh và sơ sinh; tư vấn và khám sức khỏe trước kết hôn)",
				"Population-quality projects run (prenatal and newborn screening; premarital counselling and check-ups)")),
				models.RequireComment),
		},
	}
}

func freeContraceptivesSection() models.SectionDef {
	return models.SectionDef{
		Key:   "free_contraceptives",
		Title: tx("Quản lý đối tượng sử dụng BPTT miễn phí", "Management of free contraceptive users"),
		Items: []models.ItemDef{
			onFail(central(yesNoItem("users_register", tx(
				"Sổ theo dõi đối tượng sử dụng phương tiện tránh thai miễn phí được ghi chép đầy đủ, đúng đối tượng theo quy định",
				"The register of free contraceptive users is complete and lists only those entitled"))), models.RequireEvidence),
			onFail(yesNoItem("stock_records", tx(
				"Phương tiện tránh thai miễn phí được nhận, cấp phát có sổ sách xuất nhập, không để tồn quá hạn sử dụng",
				"Free contraceptives are received and handed out with stock records, none kept past expiry")), models.RequireEvidence),
			count("users_checked", tx(
				"Số đối tượng đoàn đối chiếu trực tiếp với sổ theo dõi",
				"Users the team checked against the register")),
			count("users_mismatched", tx(
				"Số trường hợp không đúng đối tượng hoặc không khớp sổ theo dõi",
				"Cases not entitled or not matching the register")),
			evidenceItem("register_photos", tx(
				"Ảnh sổ theo dõi đối tượng và sổ xuất nhập phương tiện tránh thai",
				"Photos of the users' register and the stock records")),
		},
	}
}

func socialMarketingSection() models.SectionDef {
	return models.SectionDef{
		Key:   "social_marketing",
		Title: tx("Tiếp thị xã hội phương tiện tránh thai", "Social marketing of contraceptives"),
		Items: []models.ItemDef{
			count("sales_points", tx(
				"Số điểm bán phương tiện tránh thai tiếp thị xã hội (nhà thuốc, cộng tác viên, đại lý)",
				"Points of sale of socially marketed contraceptives (pharmacies, collaborators, agents)")),
			choiceItem("products", tx(
				"Sản phẩm tiếp thị xã hội sẵn có tại địa bàn",
				"Socially marketed products available locally"), true,
				"Bao cao su", "Viên uống tránh thai", "Thuốc tránh thai khẩn cấp", "Que thử thai"),
			onFail(central(scoreOf5("sales_against_plan", tx(
				"Mức hoàn thành kế hoạch tiếp thị xã hội phương tiện tránh thai",
				"Social-marketing sales against the plan"))), models.RequireComment),
			onFail(yesNoItem("sales_records", tx(
				"Có sổ sách theo dõi phân phối, bán sản phẩm tiếp thị xã hội",
				"Distribution and sales of the products are recorded")), models.RequireEvidence),
		},
	}
}

func dataWarehouseSection() models.SectionDef {
	return models.SectionDef{
		Key:   "data_warehouse",
		Title: tx("Cập nhật kho dữ liệu điện tử", "Updates of the population data warehouse"),
		Items: []models.ItemDef{
			onFail(central(yesNoItem("monthly_updates", tx(
				"Phiếu thu tin biến động dân số được cập nhật vào kho dữ liệu điện tử hằng tháng, đúng tiến độ",
				"Population change slips are entered in the data warehouse every month, on time"))), models.RequireEvidence),
			onFail(scoreOf5("records_match", tx(
				"Mức khớp giữa sổ ghi chép ban đầu (sổ A0), phiếu thu tin và kho dữ liệu điện tử (đối chiếu mẫu tại thôn/tổ dân phố)",
				"How well the household register (A0), the change slips and the warehouse agree (a sample checked in a village)")),
				models.RequireBoth),
			count("slips_pending", tx(
				"Số phiếu thu tin chưa cập nhật tại thời điểm kiểm tra",
				"Change slips not yet entered at the time of the visit")),
			onFail(yesNoItem("reports_on_time", tx(
				"Báo cáo thống kê chuyên ngành dân số gửi cấp trên đúng hạn",
				"Population statistics reports reach the level above on time")), models.RequireComment),
		},
	}
}

func violationsSection() models.SectionDef {
	return models.SectionDef{
		Key:   "violations",
		Title: tx("Xử lý vi phạm chính sách dân số", "Handling of violations of population policy"),
		Items: []models.ItemDef{
			count("violations", tx(
				"Số trường hợp cán bộ, đảng viên vi phạm chính sách dân số trong kỳ",
				"Officials and Party members who violated population policy in the period")),
			onFail(central(yesNoItem("violations_handled", tx(
				"Các trường hợp vi phạm được xem xét, xử lý kịp thời theo quy định hiện hành; không áp dụng nếu không có trường hợp nào",
				"Violations were reviewed and handled in time under the rules in force; not applicable where there were none"))),
				models.RequireBoth),
			onFail(yesNoItem("village_covenants", tx(
				"Nội dung dân số được đưa vào hương ước, quy ước của thôn/tổ dân phố",
				"Population matters are written into the villages' covenants")), models.RequireComment),
		},
	}
}
