package checklists

import "dsflow/models"

// The sections about how the unit runs the programme: planning and
// direction, coordination, communication, training (seed 004: "thực hiện
// tốt công tác tham mưu, chỉ đạo, kịp thời xây dựng kế hoạch", "duy trì có
// hiệu quả hoạt động phối hợp với các ban, ngành, đoàn thể", "tổ chức các
// lớp tập huấn chuyên môn, nghiệp vụ cho đội ngũ viên chức, CTV dân số").

func planningSection() models.SectionDef {
	return models.SectionDef{
		Key:   "planning",
		Title: tx("Công tác tham mưu, chỉ đạo và xây dựng kế hoạch", "Planning and direction"),
		Items: []models.ItemDef{
			onFail(central(yesNoItem("annual_plan", tx(
				"Ban chỉ đạo đã ban hành kế hoạch công tác Dân số - KHHGĐ năm, kịp thời theo chỉ đạo, hướng dẫn của cấp trên",
				"The steering committee issued the year's population and family-planning plan in time, following the guidance from above"))),
				models.RequireComment),
			onFail(yesNoItem("targets_assigned", tx(
				"Chỉ tiêu kế hoạch được giao đến từng xã/phường, thôn/tổ dân phố",
				"The plan's targets are handed down to every commune and village")), models.RequireComment),
			count("committee_meetings", tx(
				"Số cuộc họp, giao ban của Ban chỉ đạo trong kỳ",
				"Steering-committee meetings and briefings held in the period")),
			onFail(scoreOf5("advisory_quality", tx(
				"Chất lượng công tác tham mưu cho cấp ủy, chính quyền (văn bản chỉ đạo, hướng dẫn được ban hành kịp thời, sát thực tế)",
				"Quality of the advice given to the Party committee and the authorities (directives and guidance issued in time, fit for local conditions)")),
				models.RequireComment),
			evidenceItem("plan_documents", tx(
				"Kế hoạch năm và văn bản chỉ đạo của Ban chỉ đạo (ảnh hoặc bản chụp)",
				"The year's plan and the committee's directives (photo or scan)")),
		},
	}
}

func coordinationSection() models.SectionDef {
	return models.SectionDef{
		Key:   "coordination",
		Title: tx("Phối hợp liên ngành", "Coordination with other bodies"),
		Items: []models.ItemDef{
			onFail(central(yesNoItem("coordination_plan", tx(
				"Có kế hoạch hoặc chương trình phối hợp với các ban, ngành, đoàn thể thành viên Ban chỉ đạo",
				"There is a plan or programme of work with the bodies that sit on the steering committee"))), models.RequireComment),
			choiceItem("partners", tx(
				"Các ban, ngành, đoàn thể đã phối hợp triển khai hoạt động trong kỳ",
				"The bodies that worked with the unit in the period"), true,
				"Mặt trận Tổ quốc", "Hội Liên hiệp Phụ nữ", "Đoàn Thanh niên", "Hội Nông dân", "Hội Cựu chiến binh",
				"Trạm y tế", "Trường học", "Công an"),
			onFail(scoreOf5("coordination_effect", tx(
				"Hiệu quả phối hợp trong truyền thông Dân số - KHHGĐ (hoạt động chung, lồng ghép vào sinh hoạt của đoàn thể)",
				"How well the bodies work together on communication (joint activities, population topics in their meetings)")),
				models.RequireComment),
		},
	}
}

func communicationSection() models.SectionDef {
	return models.SectionDef{
		Key:   "communication",
		Title: tx("Truyền thông, chiến dịch", "Communication campaigns"),
		Items: []models.ItemDef{
			onFail(central(yesNoItem("campaign_held", tx(
				"Triển khai chiến dịch truyền thông lồng ghép cung cấp dịch vụ CSSKSS/KHHGĐ theo kế hoạch (lễ ra quân, các đợt dịch vụ)",
				"The communication campaign integrated with RH/FP services ran as planned (launch, service rounds)"))), models.RequireBoth),
			count("sessions", tx(
				"Số buổi truyền thông, tư vấn nhóm đã tổ chức",
				"Communication and group counselling sessions held")),
			count("people_reached", tx(
				"Số lượt người được truyền thông, tư vấn",
				"People reached by communication and counselling")),
			choiceItem("channels", tx(
				"Hình thức truyền thông đã sử dụng",
				"Channels used"), true,
				"Loa truyền thanh", "Tư vấn nhóm", "Thăm hộ gia đình", "Pa nô, áp phích, khẩu hiệu", "Mạng xã hội",
				"Sinh hoạt câu lạc bộ", "Tờ rơi"),
			onFail(yesNoItem("minority_outreach", tx(
				"Có hoạt động truyền thông phù hợp với đồng bào dân tộc thiểu số (thăm hộ gia đình, tiếng dân tộc); không áp dụng nếu địa bàn không có",
				"Communication suited to ethnic-minority households (home visits, their language); not applicable where there are none")),
				models.RequireComment),
			evidenceItem("communication_photos", tx(
				"Hình ảnh hoạt động truyền thông trong kỳ",
				"Photos of the period's communication activities")),
		},
	}
}

func trainingSection() models.SectionDef {
	return models.SectionDef{
		Key:   "training",
		Title: tx("Tập huấn cán bộ, cộng tác viên", "Training of staff and collaborators"),
		Items: []models.ItemDef{
			onFail(central(yesNoItem("staff_trained", tx(
				"Cán bộ dân số và cộng tác viên dân số được tập huấn chuyên môn, nghiệp vụ trong năm",
				"Population staff and collaborators had professional training this year"))), models.RequireComment),
			count("collaborators", tx(
				"Tổng số cộng tác viên dân số của đơn vị",
				"The unit's population collaborators")),
			count("collaborators_trained", tx(
				"Số cộng tác viên dân số được tập huấn trong năm",
				"Collaborators trained this year")),
			onFail(scoreOf5("collaborator_skills", tx(
				"Kỹ năng tư vấn, ghi chép sổ sách, thu tin của cộng tác viên (qua kiểm tra thực tế tại thôn/tổ dân phố)",
				"Collaborators' counselling, record keeping and data collection (checked in a village)")), models.RequireComment),
			textItem("support_requested", tx(
				"Nhu cầu tập huấn và kinh phí đơn vị đề nghị cấp trên hỗ trợ",
				"Training and funds the unit asks the level above for")),
		},
	}
}
