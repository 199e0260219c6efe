package minutes

// The package's own words. The national name and motto are fixed by Decree
// 30/2020/NĐ-CP (Appendix I) word for word, with the motto's hyphens and
// spaces; the labels are the wording of the form. None of them is UI to
// translate: a biên bản is a Vietnamese legal record whatever the reader's
// language.
const (
	nationalName  = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
	nationalMotto = "Độc lập - Tự do - Hạnh phúc"

	labelNumber     = "Số: "
	labelInspection = "Cuộc kiểm tra: "
	labelWindow     = "Thời gian kiểm tra: "
	labelTeam       = "Thành phần Đoàn kiểm tra:"
	labelChecklist  = "Kết quả kiểm tra theo bảng kiểm:"
	labelScore      = "Điểm: "
	labelFindings   = "Tồn tại, hạn chế và thời hạn khắc phục:"
	labelNoFindings = "Không có tồn tại, hạn chế."
	// labelFindingItem introduces, inside a finding, the checklist item it
	// is about.
	labelFindingItem = "Nội dung kiểm tra: "

	colNo       = "TT"
	colItem     = "Nội dung kiểm tra"
	colAnswer   = "Kết quả"
	colComment  = "Ghi chú"
	colFinding  = "Tồn tại, hạn chế"
	colSeverity = "Mức độ"
	colDeadline = "Thời hạn khắc phục"
)
