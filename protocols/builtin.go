package protocols

import "dsflow/models"

// Keys of the built-in protocols.
const (
	KeyPrenatal = "prenatal-followup"
	KeyNewborn  = "newborn-followup"
)

// Builtins returns the protocols dsflow ships, by key: the follow-up of a
// prenatal screening that needs action and of a newborn screening (heel
// prick) that needs action, as the screening programme of seeds 001 and
// 003 runs them at a commune health station. Each call builds new values.
func Builtins() map[string]models.ProtocolDef {
	return map[string]models.ProtocolDef{KeyPrenatal: prenatal(), KeyNewborn: newborn()}
}

func tx(vi, en string) models.Text { return models.Text{Vi: vi, En: en} }

func prenatal() models.ProtocolDef {
	return models.ProtocolDef{
		Title: tx("Theo dõi sau sàng lọc trước sinh", "Follow-up after prenatal screening"),
		Description: tx("Thai phụ có kết quả sàng lọc trước sinh cần xử trí: chẩn đoán xác định, tư vấn, chuyển tuyến khi cần và thăm lại.",
			"A pregnant woman whose prenatal screening needs action: confirmatory diagnosis, counselling, referral when needed, and a follow-up visit."),
		Type: models.ScreeningPrenatal, MaxAttempts: 3, RetryDays: 3,
		Steps: []models.ProtocolStep{
			{Key: "confirm", Title: tx("Hẹn làm xét nghiệm chẩn đoán xác định", "Book the confirmatory test"), DueDays: 7, WorkingDays: true,
				Instructions: tx("Liên hệ thai phụ, hẹn làm xét nghiệm chẩn đoán tại cơ sở có chức năng.", "Reach the woman and book the diagnostic test at a qualified facility.")},
			{Key: "counsel", Title: tx("Tư vấn kết quả chẩn đoán", "Counsel on the diagnosis"), DueDays: 3, WorkingDays: true,
				Instructions: tx("Tư vấn cho thai phụ và gia đình về kết quả và các lựa chọn.", "Counsel the woman and her family on the result and the options.")},
			{Key: "refer", Title: tx("Chuyển tuyến (nếu cần)", "Refer (if needed)"), DueDays: 7, WorkingDays: true,
				Instructions: tx("Chuyển tuyến trên theo chỉ định; ghi kết quả là \"chuyển tuyến\" khi đã chuyển.", "Refer to the higher level as indicated; record the outcome \"referred\" once done.")},
			{Key: "visit", Title: tx("Thăm lại, theo dõi", "Follow-up visit"), DueDays: 30,
				Instructions: tx("Thăm lại thai phụ, ghi nhận tình trạng.", "Visit the woman again and record how she is.")},
		},
	}
}

func newborn() models.ProtocolDef {
	return models.ProtocolDef{
		Title: tx("Theo dõi sau sàng lọc sơ sinh", "Follow-up after newborn screening"),
		Description: tx("Trẻ sơ sinh có kết quả sàng lọc (lấy máu gót chân) cần xử trí: gọi lại xét nghiệm, chẩn đoán xác định, điều trị và theo dõi.",
			"A newborn whose heel-prick screening needs action: recall for a retest, confirmatory diagnosis, treatment and follow-up."),
		Type: models.ScreeningNewborn, MaxAttempts: 3, RetryDays: 2,
		Steps: []models.ProtocolStep{
			{Key: "recall", Title: tx("Gọi lại lấy mẫu xét nghiệm lần hai", "Recall for a second sample"), DueDays: 3, WorkingDays: true,
				Instructions: tx("Liên hệ mẹ hoặc người giám hộ, hẹn lấy mẫu lại.", "Reach the mother or guardian and book a new sample.")},
			{Key: "confirm", Title: tx("Chẩn đoán xác định", "Confirmatory diagnosis"), DueDays: 7, WorkingDays: true},
			{Key: "treat", Title: tx("Bắt đầu điều trị, tư vấn gia đình", "Start treatment, counsel the family"), DueDays: 3, WorkingDays: true},
			{Key: "visit", Title: tx("Theo dõi sau điều trị", "Follow-up after treatment"), DueDays: 30},
		},
	}
}
